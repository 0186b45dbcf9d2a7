"""``manage.py kvalitet_demo``: add the fictional municipality's demo content to a site."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from ...demo import build_demo


class Command(BaseCommand):
    help = "Add demo content for a fictional municipality under a site's root page. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            help="Hostname of the Wagtail site to add the demo to (default: the default site).",
        )

    def handle(self, *args, site=None, **options):
        try:
            target = Site.objects.get(hostname=site) if site else Site.objects.get(is_default_site=True)
        except Site.DoesNotExist as error:
            raise CommandError(_("No such Wagtail site. Create one in the admin first.")) from error
        summary = build_demo(target)
        self.stdout.write(
            _("Demo content ready: %(units)d organisation units and %(pages)d pages added.")
            % {"units": summary["units_created"], "pages": summary["pages_created"]}
        )
        self.stdout.write(_("Example cases added to the case inbox: %(cases)d.") % {"cases": summary["cases_created"]})
        self.stdout.write(_("Goal pages added to the goal chain: %(goals)d.") % {"goals": summary["goals_created"]})
        self.stdout.write(_("Public section: %(url)s") % {"url": summary["public"].full_url})
        self.stdout.write(_("Intranet (login required): %(url)s") % {"url": summary["intranet"].full_url})
