"""The virtualenv that locust runs in (``.venv-load``), created once and reused while its requirements stay the same.

Why a virtualenv of its own: locust registers a pytest plugin and pins its own gevent and
requests, so installing it into ``.venv`` would change how the test suite runs. The locustfile
needs nothing from the app, so it lives apart. A stamp file holds the hash of
``requirements.txt``; when the file changes the environment is built again.
"""

import hashlib
import subprocess
import sys
import venv
from pathlib import Path

from .processes import REPO_ROOT

VENV_DIR = REPO_ROOT / ".venv-load"
REQUIREMENTS = Path(__file__).resolve().with_name("requirements.txt")
STAMP = VENV_DIR / "requirements.sha256"


def requirements_hash():
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def python_bin():
    return VENV_DIR / "bin" / "python"


def ensure_load_venv():
    """Return the virtualenv's python, building the environment first if it is missing or stale."""
    wanted = requirements_hash()
    if python_bin().exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python_bin()
    print(f"Building {VENV_DIR.name} for locust ({REQUIREMENTS.relative_to(REPO_ROOT)} changed or is new)...")
    sys.stdout.flush()
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV_DIR)
    subprocess.run(
        [str(python_bin()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(REQUIREMENTS)],
        check=True,
    )
    STAMP.write_text(wanted + "\n")
    return python_bin()
