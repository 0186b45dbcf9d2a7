"""The admin import of the legal requirement list: upload a workbook, read the dry run, confirm.

Between the dry run and the confirmation the uploaded file waits in file storage under a random
name; the confirmation form carries only a signed token that names it, is bound to the user and
expires. Keeping the file, rather than the plan, means the import is planned again from the same
cells when confirmed, against the register as it is then.
"""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage, storages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from ..exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS
from ..imports import MAX_FILE_BYTES, MAX_ROWS, ImportNotApplied, import_legal_requirements, plan_import

TEMPLATES = "wagtail_kvalitet/admin/legal_import/"
IMPORT_VIEW_NAME = "import"
CONFIRM_VIEW_NAME = "import_confirm"
#: A host site may name a private storage for uploads waiting to be confirmed; else the default storage.
STORAGE_ALIAS = "kvalitet_imports"
STORAGE_FOLDER = "kvalitet-imports"
TOKEN_SALT = "wagtail_kvalitet.legal_import"


def upload_storage():
    return storages[STORAGE_ALIAS] if STORAGE_ALIAS in settings.STORAGES else default_storage


class PendingUpload:
    """An uploaded workbook waiting for the user to confirm its dry run."""

    class Gone(Exception):
        """The token is forged, expired, someone else's, or its file was already used."""

    def __init__(self, name, original_name, user_pk, fingerprint):
        self.name, self.original_name, self.user_pk, self.fingerprint = name, original_name, user_pk, fingerprint

    @classmethod
    def store(cls, file, user, fingerprint, max_age):
        cls.sweep(max_age)
        file.seek(0)
        name = upload_storage().save(f"{STORAGE_FOLDER}/{uuid.uuid4().hex}.xlsx", file)
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

    def open(self):
        return upload_storage().open(self.name, "rb")

    def claim(self, max_age):
        """Whether this request may apply the upload: one confirmation wins, a double submit does not."""
        return cache.add(f"{TOKEN_SALT}:{self.name}", True, max_age)

    def release(self):
        cache.delete(f"{TOKEN_SALT}:{self.name}")

    def delete(self):
        upload_storage().delete(self.name)

    @staticmethod
    def sweep(max_age):
        """Delete uploads whose dry run was never confirmed, once their token can no longer be used."""
        storage = upload_storage()
        cutoff = timezone.now() - datetime.timedelta(seconds=max_age)
        try:
            _folders, files = storage.listdir(STORAGE_FOLDER)
        except (FileNotFoundError, NotImplementedError):
            return
        for name in files:
            try:
                if storage.get_modified_time(f"{STORAGE_FOLDER}/{name}") < cutoff:
                    storage.delete(f"{STORAGE_FOLDER}/{name}")
            except (FileNotFoundError, NotImplementedError):
                continue


class LegalImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.plan = None
        self.fields["file"].help_text = gettext(
            "The first sheet is read. At most %(size)s MB and %(rows)s rows."
        ) % {"size": MAX_FILE_BYTES // (1024 * 1024), "rows": number_format(MAX_ROWS, force_grouping=True)}

    def clean_file(self):
        """Read and plan the file here, so that a file that cannot be read is an error on this form."""
        file = self.cleaned_data["file"]
        self.plan = plan_import(file, self.user, name=file.name)
        return file


class LegalImportMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = None
    index_url_name = None
    header_icon = "upload"
    page_title = _("Import legal requirements")
    report_template_name = TEMPLATES + "report.html"
    #: An import adds requirements and changes others, so it needs both permissions.
    required_permissions = ("add", "change")
    #: Seconds a dry run may be confirmed in; the waiting file is deleted after that.
    token_max_age = 60 * 60

    def dispatch(self, request, *args, **kwargs):
        if not all(self.user_has_permission(permission) for permission in self.required_permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(self.model._meta.verbose_name_plural)},
            {"url": "", "label": self.get_page_title()},
        ]

    def import_url(self):
        return reverse(self.model.snippet_viewset.get_url_name(IMPORT_VIEW_NAME))

    def render_report(self, plan, pending=None, notice=""):
        """The dry run: the plan, and either the confirm button or a form to upload a corrected file."""
        context = self.get_context_data(
            plan=plan,
            token=pending.token if pending else "",
            notice=notice,
            form=None if pending else LegalImportForm(user=self.request.user),
            import_url=self.import_url(),
            confirm_url=reverse(self.model.snippet_viewset.get_url_name(CONFIRM_VIEW_NAME)),
            index_url=reverse(self.index_url_name),
            column_headings=[str(column.heading) for column in LEGAL_REQUIREMENT_COLUMNS],
        )
        return TemplateResponse(self.request, self.report_template_name, context)


class LegalImportView(LegalImportMixin, FormView):
    """Upload: a workbook in, the dry-run report out; nothing is written here."""

    template_name = TEMPLATES + "upload.html"
    form_class = LegalImportForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        defaults = {
            "action_url": self.import_url(),
            "submit_button_label": gettext("Check the file"),
            "submit_button_active_label": gettext("Checking…"),
            "index_url": reverse(self.index_url_name),
            "column_headings": [str(column.heading) for column in LEGAL_REQUIREMENT_COLUMNS],
        }
        return super().get_context_data(**{**defaults, **kwargs})

    def form_valid(self, form):
        plan = form.plan
        pending = None
        if plan.is_valid and plan.has_writes:
            pending = PendingUpload.store(form.cleaned_data["file"], self.request.user, plan.fingerprint,
                                          self.token_max_age)
        return self.render_report(plan, pending)


class LegalImportConfirmView(LegalImportMixin, View):
    """Confirm: plan the waiting file again and write it, or say why not and show the new plan."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect(self.import_url())

    def post(self, request, *args, **kwargs):
        try:
            pending = PendingUpload.from_token(request.POST.get("token"), request.user, self.token_max_age)
        except PendingUpload.Gone as error:
            messages.error(request, str(error))
            return redirect(self.import_url())
        if not pending.claim(self.token_max_age):
            messages.error(request, gettext("This import is already being applied."))
            return redirect(self.index_url_name)
        try:
            with pending.open() as file:
                plan = import_legal_requirements(
                    file, request.user, expected_fingerprint=pending.fingerprint, name=pending.original_name
                )
        except ValidationError as error:
            pending.delete()
            messages.error(request, " ".join(error.messages))
            return redirect(self.import_url())
        except ImportNotApplied as refused:
            return self.refused(pending, refused.plan, refused.reason)
        except Exception:
            # Let the user try again rather than wait for the claim to expire.
            pending.release()
            raise
        pending.delete()
        messages.success(request, self.success_message(plan))
        return redirect(self.index_url_name)

    def refused(self, pending, plan, reason):
        """The new plan, when the register changed after the dry run: to confirm again, or to correct."""
        if reason == ImportNotApplied.CHANGED and plan.has_writes:
            pending.release()
            pending.fingerprint = plan.fingerprint
            notice = gettext(
                "The register changed after the dry run, so the plan below differs from the one you saw. "
                "Nothing has been imported. Check the plan and confirm again."
            )
            return self.render_report(plan, pending, notice)
        pending.delete()
        if plan.is_valid:
            notice = gettext("The register changed after the dry run and now matches the file: nothing to import.")
        else:
            notice = gettext(
                "The register changed after the dry run and the file no longer imports cleanly. "
                "Nothing has been imported."
            )
        return self.render_report(plan, None, notice)

    def success_message(self, plan):
        created, changed = len(plan.created), len(plan.changed)
        parts = []
        if created:
            parts.append(
                ngettext("Added %(count)s legal requirement.", "Added %(count)s legal requirements.", created)
                % {"count": number_format(created, force_grouping=True)}
            )
        if changed:
            parts.append(
                ngettext("Changed %(count)s legal requirement.", "Changed %(count)s legal requirements.", changed)
                % {"count": number_format(changed, force_grouping=True)}
            )
        if plan.new_statutes:
            parts.append(
                ngettext("Added %(count)s statute.", "Added %(count)s statutes.", len(plan.new_statutes))
                % {"count": len(plan.new_statutes)}
            )
        return " ".join(parts)


def import_urlpatterns(viewset):
    """The import views' URLs, added to the register's viewset."""
    kwargs = viewset.get_common_view_kwargs()
    return [
        path("import/", viewset.construct_view(LegalImportView, **kwargs), name=IMPORT_VIEW_NAME),
        path("import/confirm/", viewset.construct_view(LegalImportConfirmView, **kwargs), name=CONFIRM_VIEW_NAME),
    ]


def import_header_buttons(index_view):
    """The listing's "Import from Excel", for those who may both add and change requirements."""
    if not all(index_view.user_has_permission(permission) for permission in LegalImportMixin.required_permissions):
        return []
    url = reverse(index_view.model.snippet_viewset.get_url_name(IMPORT_VIEW_NAME))
    return [Button(_("Import from Excel"), url=url, icon_name="upload", priority=60)]
