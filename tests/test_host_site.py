"""A second Django project installs the app by following only README.md, migrates and runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_host_site_following_the_readme_migrates_and_serves_the_app(tmp_path):
    env = {**os.environ, "HOST_SITE_DATABASE": str(tmp_path / "host.sqlite3")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.host_site.smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    public = report["pages"]["/kvalitet-exempel/organisation/"]
    assert public["status"] == 200
    assert 'id="host-frame"' in public["body"], "app pages must render inside the host's base template"
    assert "Socialnämnden" in public["body"]
    assert "Hemtjänst Norr" in public["body"]
    assert report["pages"]["/kvalitet-exempel/"]["status"] == 200
    # The intranet section asks for a login rather than showing itself.
    assert report["pages"]["/intranat-exempel/"]["status"] == 302
    # The host's own pages are left exactly as they were.
    assert report["existing_pages_after"] == report["existing_pages_before"]


def test_the_readme_lists_the_lines_the_host_site_uses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in ('"wagtail_kvalitet",', '"django_filters",', "KVALITET_BASE_TEMPLATE", "migrate"):
        assert line in readme
