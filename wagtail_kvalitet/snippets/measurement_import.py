"""The admin import of indicator figures from a workbook, CSV file or Kolada response: upload, dry run, confirm.

It follows the legal requirement import (``legal_import``): the file waits in storage between the
dry run and the confirmation, named by a signed token bound to the user, and is planned again when
confirmed, so what is written matches the figures as they are then. When they changed since the dry
run, the new plan is shown instead of written.
"""

import hashlib
import uuid
from pathlib import Path

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from ..imports.measurements import (
    MEASUREMENT_COLUMNS,
    apply_plan,
    plan_import,
    read_measurement_file,
)
from ..imports.sheets import MAX_FILE_BYTES, MAX_ROWS, file_size
from ..models.indicators import Measurement
from .legal_import import STORAGE_FOLDER, PendingUpload, upload_storage

TEMPLATES = "wagtail_kvalitet/admin/measurement_import/"
IMPORT_VIEW_NAME = "import"
CONFIRM_VIEW_NAME = "import_confirm"
TOKEN_SALT = "wagtail_kvalitet.measurement_import"
#: The file kinds ``read_measurement_file`` reads, by extension.
SUFFIXES = (".xlsx", ".csv", ".json")
#: An import adds figures and changes others, so it needs both permissions.
REQUIRED_PERMISSIONS = ("add", "change")


def plan_fingerprint(plan):
    """What a plan would write, as a short digest: a confirmation writes only the plan the user saw."""
    parts = [f"c:{f.indicator.pk}:{f.unit.pk}:{f.period.key}:{sorted(f.values.items())!r}" for f in plan.creates]
    parts += [f"u:{f.existing.pk}:{f.changes!r}" for f in plan.updates]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


class PendingFigures(PendingUpload):
    """A waiting upload of figures; keeps the file's extension, which says how to read it, and its own salt
    so that a token from the legal import cannot confirm this one."""

    @classmethod
    def store(cls, file, user, fingerprint, max_age):
        cls.sweep(max_age)
        file.seek(0)
        suffix = Path(file.name).suffix.lower()
        name = upload_storage().save(f"{STORAGE_FOLDER}/{uuid.uuid4().hex}{suffix}", file)
        return cls(name, file.name, user.pk, fingerprint)

    @property
    def token(self):
        return signing.dumps(
            {"file": self.name, "name": self.original_name, "user": self.user_pk, "plan": self.fingerprint},
            salt=TOKEN_SALT,
        )

    @classmethod
    def from_token(cls, token, user, max_age):
        try:
            data = signing.loads(token or "", salt=TOKEN_SALT, max_age=max_age)
        except signing.SignatureExpired as error:
            raise cls.Gone(gettext("The dry run has expired. Upload the file again.")) from error
        except signing.BadSignature as error:
            raise cls.Gone(gettext("The import could not be confirmed. Upload the file again.")) from error
        if data.get("user") != user.pk:
            raise cls.Gone(gettext("This dry run was made by another user. Upload the file yourself."))
        pending = cls(data["file"], data["name"], data["user"], data["plan"])
        if not pending.name.startswith(STORAGE_FOLDER + "/") or not upload_storage().exists(pending.name):
            raise cls.Gone(gettext("The uploaded file is no longer available; it may have been imported already."))
        return pending


def change_rows(figures):
    """The planned figures as the dry run lists them: each change with its field's label, old and new."""
    label = {field.name: capfirst(field.verbose_name) for field in Measurement._meta.get_fields() if field.concrete}
    return [
        {"figure": figure, "changes": [{"label": label[name], "old": old, "new": new}
                                       for name, old, new in figure.changes]}
        for figure in figures
    ]


def read_and_plan(file, name, user):
    """The file's sheet and its plan; raises ``ValidationError`` when the file cannot be read."""
    sheet = read_measurement_file(file, name)
    return sheet, plan_import(sheet.rows, user, headings=sheet.headings)


class MeasurementImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx, .csv or Kolada .json)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.sheet = self.plan = None
        self.fields["file"].help_text = gettext(
            "A workbook's first sheet is read. At most %(size)s MB and %(rows)s rows."
        ) % {"size": MAX_FILE_BYTES // (1024 * 1024), "rows": number_format(MAX_ROWS, force_grouping=True)}
        self.fields["file"].widget.attrs["accept"] = ",".join(SUFFIXES)

    def clean_file(self):
        """Check the kind and size first, then read and plan, so a file that cannot be read is a form error."""
        file = self.cleaned_data["file"]
        if Path(file.name).suffix.lower() not in SUFFIXES:
            raise ValidationError(
                gettext("Upload an Excel workbook (.xlsx), a CSV file (.csv) or a saved Kolada response (.json)."),
                code="wrong_type",
            )
        if file_size(file) > MAX_FILE_BYTES:
            raise ValidationError(
                gettext("The file is larger than %(size)s MB. Split it and import it in parts.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)},
                code="too_large",
            )
        self.sheet, self.plan = read_and_plan(file, file.name, self.user)
        return file


class MeasurementImportMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = None
    index_url_name = None
    header_icon = "upload"
    page_title = _("Import figures")
    report_template_name = TEMPLATES + "report.html"
    #: Seconds a dry run may be confirmed in; the waiting file is deleted after that.
    token_max_age = 60 * 60

    def dispatch(self, request, *args, **kwargs):
        if not all(self.user_has_permission(permission) for permission in REQUIRED_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(self.model._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]

    def import_url(self):
        return reverse(self.model.snippet_viewset.get_url_name(IMPORT_VIEW_NAME))

    def render_report(self, sheet, plan, pending=None, notice=""):
        """The dry run: the plan, and either the confirm button or a form to upload a corrected file."""
        context = self.get_context_data(
            sheet=sheet,
            plan=plan,
            creates=change_rows(plan.creates),
            updates=change_rows(plan.updates),
            token=pending.token if pending else "",
            notice=notice,
            form=None if pending else MeasurementImportForm(user=self.request.user),
            import_url=self.import_url(),
            confirm_url=reverse(self.model.snippet_viewset.get_url_name(CONFIRM_VIEW_NAME)),
            index_url=reverse(self.index_url_name),
        )
        return TemplateResponse(self.request, self.report_template_name, context)


class MeasurementImportView(MeasurementImportMixin, FormView):
    """Upload: a file in, the dry run out; nothing is written here."""

    template_name = TEMPLATES + "upload.html"
    form_class = MeasurementImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        defaults = {
            "action_url": self.import_url(),
            "submit_button_label": gettext("Check the file"),
            "submit_button_active_label": gettext("Checking…"),
            "index_url": reverse(self.index_url_name),
            "column_headings": [str(column.heading) for column in MEASUREMENT_COLUMNS],
        }
        return super().get_context_data(**{**defaults, **kwargs})

    def form_valid(self, form):
        plan, pending = form.plan, None
        if plan.is_valid and plan.has_writes:
            pending = PendingFigures.store(
                form.cleaned_data["file"], self.request.user, plan_fingerprint(plan), self.token_max_age
            )
        return self.render_report(form.sheet, plan, pending)


class MeasurementImportConfirmView(MeasurementImportMixin, View):
    """Confirm: plan the waiting file again and write it in one transaction, or show why not."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect(self.import_url())

    def post(self, request, *args, **kwargs):
        try:
            pending = PendingFigures.from_token(request.POST.get("token"), request.user, self.token_max_age)
        except PendingFigures.Gone as error:
            messages.error(request, str(error))
            return redirect(self.import_url())
        if not pending.claim(self.token_max_age):
            messages.error(request, gettext("This import is already being applied."))
            return redirect(self.index_url_name)
        try:
            with pending.open() as file:
                sheet, plan = read_and_plan(file, pending.original_name, request.user)
            if not plan.is_valid or plan_fingerprint(plan) != pending.fingerprint:
                return self.changed(pending, sheet, plan)
            apply_plan(plan, request.user)
        except ValidationError as error:
            pending.delete()
            messages.error(request, " ".join(error.messages))
            return redirect(self.import_url())
        except Exception:
            # Let the user try again rather than wait for the claim to expire.
            pending.release()
            raise
        pending.delete()
        messages.success(request, self.success_message(plan))
        return redirect(self.index_url_name)

    def changed(self, pending, sheet, plan):
        """The new plan, when the figures changed after the dry run: to confirm again, or to correct."""
        if plan.is_valid and plan.has_writes:
            pending.release()
            pending.fingerprint = plan_fingerprint(plan)
            notice = gettext(
                "The figures changed after the dry run, so the plan below differs from the one you saw. "
                "Nothing has been imported. Check the plan and confirm again."
            )
            return self.render_report(sheet, plan, pending, notice)
        pending.delete()
        if plan.is_valid:
            notice = gettext("The figures changed after the dry run and now match the file: nothing to import.")
        else:
            notice = gettext(
                "The figures changed after the dry run and the file no longer imports cleanly. "
                "Nothing has been imported."
            )
        return self.render_report(sheet, plan, None, notice)

    def success_message(self, plan):
        created, changed = len(plan.creates), len(plan.updates)
        parts = []
        if created:
            parts.append(ngettext("Added %(count)s figure.", "Added %(count)s figures.", created)
                         % {"count": number_format(created, force_grouping=True)})
        if changed:
            parts.append(ngettext("Changed %(count)s figure.", "Changed %(count)s figures.", changed)
                         % {"count": number_format(changed, force_grouping=True)})
        return " ".join(parts)


def import_urlpatterns(viewset):
    """The import views' URLs, added to the measurement viewset."""
    # The common kwargs carry no permission policy, so pass the viewset's to make the checks bite.
    kwargs = {**viewset.get_common_view_kwargs(), "permission_policy": viewset.permission_policy}
    return [
        path("import/", viewset.construct_view(MeasurementImportView, **kwargs), name=IMPORT_VIEW_NAME),
        path("import/confirm/", viewset.construct_view(MeasurementImportConfirmView, **kwargs),
             name=CONFIRM_VIEW_NAME),
    ]


def import_header_buttons(index_view):
    """The measurement listing's "Import figures", for those who may both add and change figures."""
    if not all(index_view.user_has_permission(permission) for permission in REQUIRED_PERMISSIONS):
        return []
    url = reverse(index_view.model.snippet_viewset.get_url_name(IMPORT_VIEW_NAME))
    return [Button(_("Import figures"), url=url, icon_name="upload", priority=70)]
