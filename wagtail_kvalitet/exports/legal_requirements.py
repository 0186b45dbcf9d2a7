"""The legal requirement list as a workbook: the requirements, and their review history on a second sheet.

The admin's download and the ``kvalitet_export_legal`` command both come here, with a queryset
that the register's own filterset (and search) has already narrowed, so the two always agree.
Each sheet is one streamed query, whatever the number of rows.
"""

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Site

from ..models.aggregates import split_joined
from ..models.legal_requirements import ComplianceStatus, LegalRequirement, LegalRequirementReview
from .legal_columns import LEGAL_REQUIREMENT_COLUMNS, REVIEW_HISTORY_COLUMNS
from .workbook import AMBER, GREEN, GREY, RED, Styled, WorkbookBuilder, csv_response

#: Rows fetched from the database at a time: enough to keep round trips few, small enough to keep memory flat.
CHUNK_SIZE = 2000

#: The colour of each compliance status; one mapping for the list and its history.
STATUS_FILLS = {
    ComplianceStatus.MET: GREEN,
    ComplianceStatus.PARTLY_MET: AMBER,
    ComplianceStatus.NOT_MET: RED,
    ComplianceStatus.NOT_ASSESSED: GREY,
    ComplianceStatus.NOT_APPLICABLE: None,
}
OVERDUE_FILL = RED


def filtered_requirements(data=None, search=""):
    """The requirements the admin register lists for the same filter values and search words, in its order.

    ``data`` holds the filter values as the register's URL does (``{"statute": "3", "review":
    "overdue"}``). Raises ``ValidationError`` for a value the filters do not accept.
    """
    # The filterset belongs to the admin register, which imports this module for its download.
    from ..snippets.legal_requirements import LegalRequirementFilterSet, LegalRequirementViewSet

    queryset = LegalRequirement.objects.order_by(*LegalRequirementViewSet.ordering)
    filterset = LegalRequirementFilterSet(data=data or {}, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(
            [
                f"{filterset.form.fields[name].label}: {error}"
                for name, errors in filterset.errors.items()
                for error in errors
            ]
        )
    search = " ".join(search.split())
    return filterset.qs.matching(search) if search else filterset.qs


class PageUrls:
    """Public addresses of pages from their ``url_path``, with the sites' root paths fetched once."""

    def __init__(self):
        self.root_paths = Site.get_site_root_paths()
        self.url = lru_cache(maxsize=1024)(self._url)

    def _url(self, url_path):
        if not url_path:
            return ""
        for _site_id, root_path, root_url, _language in self.root_paths:
            if url_path.startswith(root_path):
                try:
                    path = reverse("wagtail_serve", args=(url_path[len(root_path) :],))
                except NoReverseMatch:
                    return ""
                if not WAGTAIL_APPEND_SLASH and path != "/":
                    path = path.rstrip("/")
                return root_url + path
        return ""


def person_name(row):
    """As the import reads it back without doubt: "Full Name (username)", or the username alone."""
    username = row["person_username"]
    if not username:
        return ""
    full_name = " ".join(part for part in (row.get("person_first_name"), row.get("person_last_name")) if part)
    return f"{full_name} ({username})" if full_name else username


class LegalRequirementExport:
    """The workbook of the requirements in ``queryset``: the list, then the history of their reviews."""

    def __init__(self, queryset, *, today=None):
        self.queryset = queryset
        self.today = today or timezone.localdate()
        self.counts = {"requirements": 0, "reviews": 0}

    def requirement_rows(self):
        statuses = {value: str(label) for value, label in ComplianceStatus.choices}
        overdue = Styled(_("Overdue"), fill=OVERDUE_FILL)
        urls = PageUrls()
        for row in self.queryset.for_export().iterator(chunk_size=CHUNK_SIZE):
            due = row["next_review_due"]
            yield {
                "id": row["pk"],
                "statute": row["statute_title"],
                "statute_number": row["statute_number"],
                "reference": row["reference"],
                "title": row["title"],
                "demands": row["demands"],
                "units": "; ".join(split_joined(row["unit_names"])),
                "responsible_person": person_name(row),
                "responsible_function": row["responsible_function"],
                "how_met": row["how_met"],
                "routines": Styled(
                    "; ".join(split_joined(row["routine_titles"])), link=urls.url(row["routine_url_path"])
                ),
                "processes": "; ".join(split_joined(row["process_titles"])),
                "status": Styled(statuses.get(row["status"], row["status"]), fill=STATUS_FILLS.get(row["status"])),
                "review_interval_months": row["review_interval_months"],
                "last_reviewed": row["last_reviewed"],
                "next_review_due": due,
                "overdue": overdue if due is not None and due < self.today else None,
                "notes": row["notes"],
            }

    def review_rows(self):
        statuses = {value: str(label) for value, label in ComplianceStatus.choices}
        reviews = (
            LegalRequirementReview.objects.filter(requirement__in=self.queryset.order_by().values("pk"))
            .order_by(*[f"requirement__{field}" for field in LegalRequirement._meta.ordering],
                      "requirement_id", "-reviewed_on", "-recorded_at", "-pk")
            .values_list("requirement_id", "requirement__reference", "requirement__title", "reviewed_on",
                         "reviewer_name", "outcome", "comment", "next_review_due", "recorded_at")
        )
        for pk, reference, title, reviewed_on, reviewer, outcome, comment, due, recorded_at in reviews.iterator(
            chunk_size=CHUNK_SIZE
        ):
            yield {
                "requirement_id": pk,
                "requirement": f"{reference} {title}" if reference else title,
                "reviewed_on": reviewed_on,
                "reviewer": reviewer,
                "outcome": Styled(statuses.get(outcome, outcome), fill=STATUS_FILLS.get(outcome)),
                "comment": comment,
                "next_review_due": due,
                "recorded_at": recorded_at,
            }

    def build(self):
        builder = WorkbookBuilder(_("Legal requirements"), today=self.today)
        self.counts["requirements"] = builder.add_sheet(
            _("Legal requirements"), LEGAL_REQUIREMENT_COLUMNS, self.requirement_rows()
        )
        self.counts["reviews"] = builder.add_sheet(_("Review history"), REVIEW_HISTORY_COLUMNS, self.review_rows())
        return builder

    def save(self, file):
        self.build().save(file)

    def response(self, filename):
        return self.build().response(filename)

    def csv_response(self, filename):
        """The list alone, without colours or links, for programs that read CSV."""
        return csv_response(filename, LEGAL_REQUIREMENT_COLUMNS, self.requirement_rows())


def export_to_file(path, data=None, search=""):
    """Write the list narrowed by ``data`` and ``search`` to ``path``; returns the row counts.

    The workbook is written beside ``path`` and moved into place only when complete, so a failed
    export never leaves half a file or destroys the previous one.
    """
    path = Path(path)
    export = LegalRequirementExport(filtered_requirements(data, search))
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as file:
            export.save(file)
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
    return export.counts
