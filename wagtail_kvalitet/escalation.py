"""Who hears about an item nobody has acted on: the manager above the person who answers for it.

The organisation tree is small (hundreds of units, not millions), so it is read once per run or
page into an ``OrgChart`` and walked in memory: escalating a thousand items costs one query.
"""

from .models.organisation import OrganisationUnit


class OrgChart:
    """The units with their managers and parents, read in one query."""

    def __init__(self):
        rows = OrganisationUnit.objects.select_related("manager").order_by("path")
        self.units = {unit.pk: unit for unit in rows}
        by_path = {unit.path: unit for unit in self.units.values()}
        steplen = OrganisationUnit.steplen
        self.parent = {
            unit.pk: by_path.get(unit.path[:-steplen]) if unit.depth > 1 else None for unit in self.units.values()
        }
        self.managed = {}
        for unit in self.units.values():
            if unit.manager_id is not None:
                self.managed.setdefault(unit.manager_id, []).append(unit)

    def managed_by(self, user):
        """The units ``user`` manages, highest in the tree first."""
        return sorted(self.managed.get(user.pk, []), key=lambda unit: unit.depth)

    def units_below(self, user):
        """The pks of the units ``user`` manages and every unit below them."""
        roots = [unit.path for unit in self.managed_by(user)]
        return {unit.pk for unit in self.units.values() if any(unit.path.startswith(root) for root in roots)}

    def manager_above(self, unit, person):
        """The first active manager from ``unit`` upwards who is not ``person``; None at the top."""
        while unit is not None:
            manager = unit.manager
            if manager is not None and manager.is_active and manager.pk != getattr(person, "pk", None):
                return manager
            unit = self.parent.get(unit.pk)
        return None

    def escalation_recipient(self, person, unit=None):
        """The manager to tell about an overdue item of ``unit`` that ``person`` answers for.

        The manager of the item's unit, or above it if ``person`` is that manager. An item with no
        unit goes to the manager above the highest unit ``person`` manages. None if the tree has
        nobody above.
        """
        unit = self.units.get(unit.pk) if unit is not None else None
        if unit is None:
            managed = self.managed_by(person) if person is not None else []
            if not managed:
                return None
            unit = managed[0]
        return self.manager_above(unit, person)
