"""Run the whole test suite: ``python3 scripts/test.py`` (extra arguments go to pytest).

Sets up the virtual environment with the test extra and runs pytest on SQLite. The browser
tests run when Chromium and npm are present (npm fetches axe-core for them); otherwise they
are skipped and this says so plainly.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from environment import ROOT, ensure_environment, say

BROWSER_DIR = ROOT / "tests" / "browser"


def find_chromium():
    configured = os.environ.get("KVALITET_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def prepare_browser_tests():
    """Install axe-core for the browser tests; return why they cannot run, or None."""
    if not find_chromium():
        return "no Chromium found (install Debian's 'chromium' package or set KVALITET_CHROMIUM)"
    npm = shutil.which("npm")
    if not npm:
        return "npm is not installed, so axe-core cannot be fetched"
    lock = BROWSER_DIR / "package-lock.json"
    stamp = BROWSER_DIR / "node_modules" / ".lock-copy.json"
    if not stamp.exists() or stamp.read_bytes() != lock.read_bytes():
        say("Installing axe-core for the browser tests (npm ci)")
        result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=BROWSER_DIR)
        if result.returncode != 0:
            return "npm ci failed in tests/browser"
        stamp.write_bytes(lock.read_bytes())
    return None


def main():
    python = ensure_environment("test")
    skipped_because = prepare_browser_tests()
    args = list(sys.argv[1:])
    if skipped_because and os.environ.get("KVALITET_REQUIRE_BROWSER") == "1":
        sys.exit(f"Browser tests are required here but cannot run: {skipped_because}.")
    if skipped_because:
        say(f"Browser tests SKIPPED: {skipped_because}.")
        args = ["-m", "not browser", *args]
    env = dict(os.environ)
    if not skipped_because:
        env["KVALITET_CHROMIUM"] = find_chromium()  # the browser tests use the one found here
    say("Running the test suite")
    result = subprocess.run([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)
    if skipped_because:
        say(f"Reminder: the browser tests did not run: {skipped_because}.")
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
