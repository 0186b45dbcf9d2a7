"""Settings of the example site: ``base`` shared, ``dev`` by default, ``production`` from the environment."""
