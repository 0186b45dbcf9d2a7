"""The fictional municipality's organisation: a social services board down to its units."""

from django.contrib.auth import get_user_model

from ..models import OrganisationUnit, UnitKind

#: (code, kind, name, parent code, manager username or None, contact email)
UNITS = [
    ("SN", UnitKind.BOARD, "Socialnämnden", None, None, "socialnamnden@exempelvik.example"),
    ("SF", UnitKind.ADMINISTRATION, "Socialförvaltningen", "SN", "karin.lund", "socialforv@exempelvik.example"),
    ("AO", UnitKind.AREA, "Äldreomsorg", "SF", "per.holm", "aldreomsorg@exempelvik.example"),
    ("AO-HTN", UnitKind.UNIT, "Hemtjänst Norr", "AO", "sara.ek", "hemtjanst.norr@exempelvik.example"),
    ("AO-HTS", UnitKind.UNIT, "Hemtjänst Söder", "AO", "sara.ek", "hemtjanst.soder@exempelvik.example"),
    ("AO-TALL", UnitKind.UNIT, "Tallgårdens särskilda boende", "AO", "omar.berg", "tallgarden@exempelvik.example"),
    ("FS", UnitKind.AREA, "Funktionsstöd", "SF", "lena.dahl", "funktionsstod@exempelvik.example"),
    ("FS-LIND", UnitKind.UNIT, "Gruppbostaden Linden", "FS", "jonas.vik", "linden@exempelvik.example"),
    ("FS-DV", UnitKind.UNIT, "Daglig verksamhet Verkstaden", "FS", "jonas.vik", "verkstaden@exempelvik.example"),
    ("IFO", UnitKind.AREA, "Individ- och familjeomsorg", "SF", "maria.sjo", "ifo@exempelvik.example"),
    ("IFO-BU", UnitKind.UNIT, "Barn och unga", "IFO", "ali.nord", "barnochunga@exempelvik.example"),
    ("IFO-EB", UnitKind.UNIT, "Ekonomiskt bistånd", "IFO", "ali.nord", "ekonomisktbistand@exempelvik.example"),
]

#: username → (first name, last name); all fictional.
PEOPLE = {
    "karin.lund": ("Karin", "Lund"),
    "per.holm": ("Per", "Holm"),
    "sara.ek": ("Sara", "Ek"),
    "omar.berg": ("Omar", "Berg"),
    "lena.dahl": ("Lena", "Dahl"),
    "jonas.vik": ("Jonas", "Vik"),
    "maria.sjo": ("Maria", "Sjö"),
    "ali.nord": ("Ali", "Nord"),
}


def build_people():
    """Managers of the demo units, as users without a usable password."""
    User = get_user_model()
    people = {}
    for username, (first_name, last_name) in PEOPLE.items():
        user, created = User.objects.get_or_create(
            username=f"exempel.{username}",
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@exempelvik.example",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people[username] = user
    return people


def build_organisation():
    """Create the units that are missing; existing units (matched by code) are left as they are."""
    people = build_people()
    units = {unit.code: unit for unit in OrganisationUnit.objects.filter(code__in=[u[0] for u in UNITS])}
    created = 0
    for code, kind, name, parent_code, manager, email in UNITS:
        if code in units:
            continue
        unit = OrganisationUnit(
            code=code,
            kind=kind,
            name=name,
            manager=people.get(manager),
            contact_email=email,
        )
        if parent_code is None:
            unit = OrganisationUnit.add_root(instance=unit)
        else:
            parent = units[parent_code]
            parent.refresh_from_db()  # treebeard needs the parent's current numchild
            unit = parent.add_child(instance=unit)
        units[code] = unit
        created += 1
    return units, created
