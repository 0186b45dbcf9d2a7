"""Private addresses of personal calendar feeds, so staff can subscribe to their due items in Outlook.

A calendar program cannot sign in, so the address itself is the key: a long random token in the
URL. A person can revoke it at any time (the old address then answers 404) and get a new one.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


class CalendarFeedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class CalendarFeedToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    @classmethod
    def current_for(cls, user):
        """The user's active token, or None."""
        return cls.objects.active().filter(user=user).order_by("-created_at").first()

    @classmethod
    def renew(cls, user):
        """Revoke the user's active tokens and make a new one: the old addresses stop working at once."""
        cls.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return cls.objects.create(user=user)

    @classmethod
    def revoke_all(cls, user):
        return cls.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
