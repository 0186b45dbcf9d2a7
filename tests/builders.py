"""Builders for the governing pages: a manual, processes with many blocks, routines."""

import itertools
import uuid

from wagtail.models import Page, Site

from wagtail_kvalitet.models import ManualSectionPage, ProcessKind, ProcessPage, QualityManualPage, RoutinePage

_numbers = itertools.count(1)


def site_root():
    return Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_manual(parent=None, **fields):
    fields.setdefault("title", f"Ledningssystem {next(_numbers)}")
    return publish(parent or site_root(), QualityManualPage(**fields))


def make_section(parent, **fields):
    fields.setdefault("title", f"Kapitel {next(_numbers)}")
    return publish(parent, ManualSectionPage(**fields))


def role(name="process_owner", holder="Socialchef", unit=None, mandate="Äger processen."):
    return {"type": "roles", "value": [{"type": name, "value": {"holder": holder, "unit": unit, "mandate": mandate}}]}


def steps(count=3):
    return {
        "type": "steps",
        "value": {
            "heading": "Steg",
            "steps": [
                {
                    "title": f"Aktivitet {n}",
                    "description": "Gör så här.",
                    "responsible": "Handläggare",
                    "inputs": "Ansökan",
                    "outputs": "Beslut",
                }
                for n in range(1, count + 1)
            ],
        },
    }


def risk(probability=2, consequence=3, title="Risk för fel"):
    return {
        "type": "risk",
        "value": {
            "title": title,
            "probability": str(probability),
            "consequence": str(consequence),
            "cause": "Brister i rutin.",
            "action": "Utbilda.",
            "owner": "Enhetschef",
        },
    }


def process_body(blocks=3, unit=None):
    """A body of ``blocks`` role, step and risk blocks in turn, and a responsibility table."""
    makers = [
        lambda n: role(unit=unit.pk if unit else None),
        lambda n: steps(),
        lambda n: risk(1 + n % 4, 1 + n // 4 % 4),
    ]
    body = [makers[n % 3](n) for n in range(blocks)]
    body.append(
        {
            "type": "responsibilities",
            "value": {
                "caption": "Ansvar",
                "rows": [{"what": "Utreda", "who": "Handläggare", "follow_up": "Varje månad"}],
            },
        }
    )
    return [{**block, "id": str(uuid.uuid4())} for block in body]


def make_process(parent, kind=ProcessKind.CORE, blocks=0, unit=None, **fields):
    fields.setdefault("title", f"Process {next(_numbers)}")
    fields.setdefault("purpose", "Att ge rätt stöd i rätt tid.")
    page = ProcessPage(kind=kind, body=process_body(blocks, unit) if blocks else [], **fields)
    return publish(parent, page)


def make_routine(process, units=(), quality_areas=(), **fields):
    fields.setdefault("title", f"Rutin {next(_numbers)}")
    fields.setdefault("summary", "Så gör vi.")
    fields.setdefault("responsible", "Enhetschef")
    page = RoutinePage(**fields)
    page.units = list(units)
    page.quality_areas = list(quality_areas)
    return publish(process, page)
