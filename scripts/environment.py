"""Creates and refreshes the project's virtual environment for the demo and test commands.

Only the Python standard library is used here, so the commands work on a machine that has
nothing but Python 3.11+. The environment is reinstalled only when pyproject.toml changes.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message):
    print(f"==> {message}", flush=True)


def run(*args, **kwargs):
    """Run a command from the project root and stop with its exit code if it fails."""
    kwargs.setdefault("cwd", ROOT)
    result = subprocess.run([str(arg) for arg in args], **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_environment(extras=""):
    """Make ``.venv`` with the package installed in editable mode (plus ``extras``)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - the commands may be started by an older Python
        sys.exit("wagtail-kvalitet needs Python 3.11 or newer.")
    if not PYTHON.exists():
        say(f"Creating a virtual environment in {VENV.name}/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return PYTHON
    say(f"Installing wagtail-kvalitet ({spec}) and its dependencies")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--editable", spec)
    stamp.write_text(digest)
    return PYTHON
