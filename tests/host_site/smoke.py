"""Run inside the host site: migrate, add the demo, and fetch its pages; print what was seen.

Run as a separate process so the host site's settings never mix with the suite's own.
"""

import json
import os
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.host_site.settings"
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402

call_command("migrate", verbosity=0, interactive=False)
existing_pages = list(Page.objects.values_list("pk", "title", "path"))
call_command("kvalitet_demo", stdout=sys.stderr)
call_command("kvalitet_demo", stdout=sys.stderr)

client = Client()
seen = {}
for url in ("/kvalitet-exempel/", "/kvalitet-exempel/organisation/", "/intranat-exempel/"):
    response = client.get(url)
    seen[url] = {"status": response.status_code, "body": response.content.decode()}

print(
    json.dumps(
        {
            "pages": seen,
            "existing_pages_before": existing_pages,
            "existing_pages_after": [
                row
                for row in Page.objects.values_list("pk", "title", "path")
                if row[0] in {page[0] for page in existing_pages}
            ],
        }
    )
)
