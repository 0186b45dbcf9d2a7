"""The app's own entries in Wagtail's history and audit log, so reviews and case handling show as what they are."""

from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

#: The case-handling actions; their log data never holds the sender's personal data.
CASE_VIEWED = "wagtail_kvalitet.case_viewed"
CASE_EXPORTED = "wagtail_kvalitet.case_exported"
CASE_EDITED = "wagtail_kvalitet.case_edited"
CASE_STATUS = "wagtail_kvalitet.case_status"
CASE_REGISTERED = "wagtail_kvalitet.case_registered"
#: An annual-cycle occurrence marked done, or (with ``undone`` in its data) unmarked.
ACTIVITY_DONE = "wagtail_kvalitet.activity_done"
#: The self-assessment's actions, logged on the assessment; their data holds judgements, never the texts.
SELF_ASSESSMENT_CREATED = "wagtail_kvalitet.self_assessment_created"
SELF_ASSESSMENT_SAVED = "wagtail_kvalitet.self_assessment_saved"
SELF_ASSESSMENT_EXPORTED = "wagtail_kvalitet.self_assessment_exported"
#: A compilation of cases recorded as presented, logged on the ``CaseCompilation``.
CASE_COMPILATION_RECORDED = "wagtail_kvalitet.case_compilation_recorded"


def describe_changes(log_entry):
    """'status (Received → Investigating), handler' from the ``changed`` and ``text_changed`` data of an entry.

    Only statuses are shown with their values: the other fields' values are ids, and the texts a
    handler writes may name people, so the history names the fields and the entry's data keeps ids.
    """
    from .models.feedback import CaseStatus, FeedbackCase

    parts = []
    data = log_entry.data or {}
    for name, values in (data.get("changed") or {}).items():
        try:
            label = str(FeedbackCase._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - a field renamed since the entry was written
            label = name
        if name == "status" and isinstance(values, list | tuple) and len(values) == 2:
            before, after = (str(CaseStatus(value).label) if value in CaseStatus.values else value for value in values)
            label = f"{label} ({before} → {after})"
        parts.append(label)
    for name in data.get("text_changed") or ():
        try:
            parts.append(str(FeedbackCase._meta.get_field(name).verbose_name))
        except Exception:  # noqa: BLE001
            parts.append(name)
    return ", ".join(parts)


class CaseChangeFormatter(LogFormatter):
    def format_message(self, log_entry):
        changes = describe_changes(log_entry)
        if not changes:
            return str(self.message)
        return gettext("%(action)s: %(changes)s") % {"action": self.message, "changes": capfirst(changes)}


class CaseEditedFormatter(CaseChangeFormatter):
    label = _("Handle case")
    message = _("Case handled")


class CaseStatusFormatter(CaseChangeFormatter):
    label = _("Change case status")
    message = _("Status changed")


class CaseViewedFormatter(LogFormatter):
    label = _("View case")
    message = _("Case viewed")


class CaseExportedFormatter(LogFormatter):
    label = _("Export cases")

    def format_message(self, log_entry):
        count = (log_entry.data or {}).get("count")
        if count is None:
            return gettext("Exported")
        return gettext("Exported with %(count)s cases") % {"count": count}


class CaseRegisteredFormatter(LogFormatter):
    label = _("Register case")
    message = _("Case registered by staff")


class ActivityDoneFormatter(LogFormatter):
    label = _("Mark activity done")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        values = {"name": data.get("name", ""), "date": data.get("occurs_on", "")}
        if data.get("undone"):
            return gettext("'%(name)s' (%(date)s) no longer marked done") % values
        return gettext("'%(name)s' (%(date)s) marked done") % values


def register_log_actions(actions):
    actions.register_action("wagtail_kvalitet.mark_reviewed", _("Mark reviewed"), _("Marked reviewed"))
    actions.register_action(CASE_VIEWED)(CaseViewedFormatter)
    actions.register_action(CASE_EXPORTED)(CaseExportedFormatter)
    actions.register_action(CASE_EDITED)(CaseEditedFormatter)
    actions.register_action(CASE_STATUS)(CaseStatusFormatter)
    actions.register_action(CASE_REGISTERED)(CaseRegisteredFormatter)
    actions.register_action(ACTIVITY_DONE)(ActivityDoneFormatter)
    actions.register_action("wagtail_kvalitet.cases_report_exported", _("Export case report"), _("Exported"))
    actions.register_action(SELF_ASSESSMENT_CREATED, _("Start self-assessment"), _("Self-assessment started"))
    actions.register_action(SELF_ASSESSMENT_SAVED, _("Save self-assessment"), _("Self-assessment saved"))
    actions.register_action(SELF_ASSESSMENT_EXPORTED, _("Export self-assessment"), _("Self-assessment exported"))
    actions.register_action(
        CASE_COMPILATION_RECORDED, _("Record compilation as presented"), _("Compilation of cases recorded as presented")
    )
