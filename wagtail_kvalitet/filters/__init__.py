"""django-filter filter sets for the app's reader-facing listings."""
