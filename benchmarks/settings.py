"""Settings for the benchmarks: the test settings, on a file-based SQLite database.

The database file is ``KVALITET_BENCHMARK_DB`` when set (the benchmark scripts point it into a
temporary directory of their own), else a file in the system's temporary directory. The
``benchmarks.baseline`` app adds a plain Wagtail page to compare against.
"""

import os
import tempfile

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

DEBUG = False
INSTALLED_APPS = ["benchmarks.baseline", *INSTALLED_APPS]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("KVALITET_BENCHMARK_DB")
        or os.path.join(tempfile.gettempdir(), "kvalitet-benchmark.sqlite3"),
    }
}
