"""The parts of SOSFS 2011:9 in the admin: reworded, reordered, added to, each naming the figures it shows.

The parts are data seeded by a migration, so editing one changes next year's self-assessment,
never a saved judgement. A part's figures are chosen from the evidence registry as checkboxes,
since the keys mean nothing to the person choosing.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models.self_assessment import RegulationPart
from ..self_assessment.evidence import EVIDENCE, evidence_choices


class RegulationPartForm(WagtailAdminModelForm):
    """``evidence`` as one checkbox per figure the system can count, in the registry's order.

    A key no longer in the registry (a figure removed in an upgrade) stays a choice while the part
    still names it, so the part can be saved and the key unticked, rather than refused.
    """

    evidence = forms.MultipleChoiceField(
        label=_("Evidence"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=evidence_choices,
        help_text=_("The figures from the system shown beside this part in the self-assessment."),
    )

    class Meta:
        model = RegulationPart
        fields = ["reference", "title", "asks", "evidence", "key"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unknown = [key for key in self.instance.evidence or () if key not in EVIDENCE]
        if unknown:
            self.fields["evidence"].choices = [*evidence_choices(), *[(key, key) for key in unknown]]

    def clean_evidence(self):
        # Kept in the registry's order whatever order the browser sent them in.
        chosen = set(self.cleaned_data["evidence"])
        return [key for key, _label in self.fields["evidence"].choices if key in chosen]


def evidence_count(part):
    return len(part.evidence or ())


class RegulationPartViewSet(SnippetViewSet):
    """The regulation's parts, in the order the self-assessment lists them."""

    model = RegulationPart
    #: Shown in the admin menu and page titles.
    menu_label = _("Regulation parts (SOSFS 2011:9)")
    icon = "list-ol"
    sort_order_field = "sort_order"
    copy_view_enabled = False
    search_fields = ["title", "reference", "asks", "key"]
    list_display = [
        "title",
        Column("reference", label=_("Reference"), sort_key=None),
        Column("evidence_count", label=_("Figures shown"), accessor=evidence_count, sort_key=None),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("reference"),
            FieldPanel("title"),
            FieldPanel("asks"),
            FieldPanel("evidence"),
            FieldPanel("key"),
        ],
        base_form_class=RegulationPartForm,
    )
