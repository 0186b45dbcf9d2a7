"""Create or reset the demo admin login of the example site, for local development only."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the example site's admin login and print it. Refuses unless DEBUG."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("The demo admin login is for development only (DEBUG is off).")
        password = secrets.token_urlsafe(9)
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": "admin@exempelvik.example", "first_name": "Demo", "last_name": "Admin"},
        )
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo admin login (development only):"))
        self.stdout.write(f"  http://127.0.0.1:8000/admin/   user: {username}   password: {password}")
        self.stdout.write("")
