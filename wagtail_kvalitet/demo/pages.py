"""The demo's pages: a public section and an intranet section behind login, under the site root."""

from wagtail.models import Page, PageViewRestriction

from ..models import OrganisationPage, SectionPage

PUBLIC_SLUG = "kvalitet-exempel"
INTRANET_SLUG = "intranat-exempel"


def add_child_once(parent, page_class, slug, **fields):
    """Add a page under ``parent`` unless one with ``slug`` is already there; return it."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def build_pages(root, board):
    """Create the demo sections; pages that already exist are left untouched."""
    created = []

    public, new = add_child_once(
        root,
        SectionPage,
        PUBLIC_SLUG,
        title="Kvalitet och synpunkter (exempel)",
        show_in_menus=True,
        search_description="Så arbetar socialnämnden i Exempelvik med kvalitet.",
        intro=(
            "<p>Socialnämnden i Exempelvik vill att den som får stöd ska få det med god kvalitet. "
            "Här finns vår organisation och, efterhand, våra sätt att ta emot synpunkter. "
            "Detta är exempelinnehåll.</p>"
        ),
    )
    new and created.append(public)
    page, new = add_child_once(
        public,
        OrganisationPage,
        "organisation",
        title="Vår organisation",
        show_in_menus=True,
        search_description="Vem som ansvarar för vad inom socialförvaltningen.",
        intro="<p>Här ser du socialförvaltningens enheter och hur du når dem.</p>",
        root_unit=board,
        show_managers=True,
    )
    new and created.append(page)

    intranet, new = add_child_once(
        root,
        SectionPage,
        INTRANET_SLUG,
        title="Intranät: ledningssystem (exempel)",
        show_in_menus=True,
        search_description="Ledningssystemet för socialförvaltningens medarbetare.",
        intro=(
            "<p>Här samlas socialförvaltningens ledningssystem för systematiskt kvalitetsarbete: "
            "processer, rutiner och ansvar. Sidorna kräver inloggning. Detta är exempelinnehåll.</p>"
        ),
    )
    new and created.append(intranet)
    if not PageViewRestriction.objects.filter(page=intranet).exists():
        PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
    page, new = add_child_once(
        intranet,
        OrganisationPage,
        "organisation-och-ansvar",
        title="Organisation och ansvar",
        show_in_menus=True,
        intro="<p>Chefer och kontaktvägar för varje enhet i förvaltningen.</p>",
        root_unit=board,
        show_managers=True,
    )
    new and created.append(page)
    return {"public": public, "intranet": intranet, "created": created}


def live_root(site):
    return Page.objects.get(pk=site.root_page_id).specific
