"""The organisation tree (board → administration → area → unit) that everything points into."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class UnitKind(models.TextChoices):
    """The levels of a municipality's line organisation, from the top down."""

    BOARD = "board", _("Board")
    ADMINISTRATION = "administration", _("Administration")
    AREA = "area", _("Area")
    UNIT = "unit", _("Unit")

    @classmethod
    def rank(cls, kind):
        """Position from the top: a unit may only sit below a unit of a lower rank."""
        return list(cls.values).index(kind)


class OrganisationUnitQuerySet(MP_NodeQuerySet):
    def for_listing(self):
        """Units in tree order with what a listing shows, in one query."""
        return self.select_related("manager").order_by("path")


class OrganisationUnitManager(MP_NodeManager.from_queryset(OrganisationUnitQuerySet)):
    def get_queryset(self):
        return OrganisationUnitQuerySet(self.model).order_by("path")


class OrganisationUnit(MP_Node):
    """One node of the line organisation.

    Processes, legal requirements, goals and cases point at units, and who may read a case
    follows this tree, so moving a unit moves everything below it.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        help_text=_("A short code that identifies the unit, e.g. its cost centre. Unique."),
        error_messages={"unique": _("Another unit already uses this code. Codes must be unique.")},
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_organisation_units",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)

    objects = OrganisationUnitManager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def manager_name(self):
        """The manager as readers know them: full name, or username if no name is recorded."""
        if self.manager is None:
            return ""
        return self.manager.get_full_name() or self.manager.get_username()

    def clean(self):
        super().clean()
        if self.code:
            self.code = self.code.strip().upper()

    def get_indented_name(self, html=False):
        """The name indented by depth, as Wagtail shows collections, for tree listings."""
        level = self.depth - 1
        if level <= 0:
            return self.name
        if html:
            return format_html(
                "{indent}{arrow} {name}",
                indent=mark_safe("&nbsp;" * 4 * level),  # noqa: S308 - fixed markup
                arrow=mark_safe("&#x21b3;"),  # noqa: S308 - fixed markup
                name=self.name,
            )
        return "{}\u21b3 {}".format(" " * 4 * level, self.name)

    @property
    def tree_name(self):
        """The indented name as HTML; the first column of tree listings."""
        return self.get_indented_name(html=True)

    tree_name.fget.short_description = _("name")

    def validate_parent(self, parent):
        """Raise ``ValidationError`` if this unit, with its kind, cannot sit under ``parent``.

        Also checks the units already below it, since changing a unit's kind can put it level
        with its own sub-units. Used by the admin form before anything is saved, so a bad move
        is refused with a message instead of corrupting the tree.
        """
        if self.pk and self.kind:
            child_kinds = set(self.get_children().values_list("kind", flat=True))
            if any(UnitKind.rank(kind) <= UnitKind.rank(self.kind) for kind in child_kinds):
                raise ValidationError(
                    _("Units below this one must be of a lower level than “%(kind)s”."),
                    code="kind_order_children",
                    params={"kind": UnitKind(self.kind).label},
                )
        if parent is None:
            return
        if self.pk and (parent.pk == self.pk or parent.is_descendant_of(self)):
            raise ValidationError(
                _("A unit cannot be placed under itself or under one of its own sub-units."),
                code="cycle",
            )
        if self.kind and UnitKind.rank(parent.kind) >= UnitKind.rank(self.kind):
            raise ValidationError(
                _("A unit of kind “%(kind)s” cannot be placed under a unit of kind “%(parent_kind)s”."),
                code="kind_order",
                params={
                    "kind": UnitKind(self.kind).label,
                    "parent_kind": UnitKind(parent.kind).label,
                },
            )
