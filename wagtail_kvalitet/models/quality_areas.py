"""The national quality areas (kvalitetsområden) that processes, goals and cases are classified by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QualityArea(models.Model):
    """One quality area; the seven national ones are created by a data migration.

    They are data, not code, so a municipality can reword or add areas in the admin.
    """

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("A stable identifier used by imports and exports."),
        error_messages={"unique": _("Another quality area already uses this code.")},
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("quality area")
        verbose_name_plural = _("quality areas")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A new area goes last. Wagtail's admin only does that when the sort order is empty,
        # and ours defaults to 0, which would list a newly added area first.
        if self._state.adding and not self.sort_order:
            last = QualityArea.objects.aggregate(last=models.Max("sort_order"))["last"]
            self.sort_order = (last or 0) + 1
        super().save(*args, **kwargs)
