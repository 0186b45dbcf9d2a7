"""Start the example site with demo content: ``python3 scripts/demo.py``.

Sets up the virtual environment, migrates the SQLite database, builds the demo municipality,
prints a development-only admin login and serves the site on http://127.0.0.1:8000/.
"""

import sys

from environment import ROOT, ensure_environment, run, say

MANAGE = ROOT / "example_site" / "manage.py"


def main():
    python = ensure_environment()
    say("Migrating the database (SQLite)")
    run(python, MANAGE, "migrate", "--verbosity", "0")
    say("Building the demo municipality")
    run(python, MANAGE, "kvalitet_demo")
    run(python, MANAGE, "example_admin")
    say("Serving the example site on http://127.0.0.1:8000/ (stop with Ctrl+C)")
    try:
        run(python, MANAGE, "runserver", "127.0.0.1:8000", *sys.argv[1:])
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
