"""The production-shape load test's parts: processes, the SMTP sink, the locust users, checks and figures.

``benchmarks/production_load.py`` is the entry point; each module here does one thing. The
locustfile runs in its own virtualenv (``.venv-load``) and imports nothing from here or from Django.
"""
