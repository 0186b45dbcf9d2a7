"""What retires the cached pages, and what only outdates them (see ``generation``).

Retired at once, for everyone: a page unpublished, moved or deleted; a view restriction or its
groups changed (a page made private must not go on being served to anyone from the cache);
anyone's groups or permissions changed (which also retires the readers' permission digests);
a site, locale or group changed.

Outdated, rendered again within ``KVALITET_PAGE_CACHE_SPREAD_SECONDS`` (the published page and
the pages above it at once): a page published, and any register a page may list (units, legal
requirements, indicators and figures, activities), images, documents and settings. Saving a
draft changes nothing a visitor sees, so it does nothing. Of the app's own models, those only
the admin shows count not at all: cases, emails, reminders, reference numbers, feeds' keys and
self-assessments, which change with every complaint and would otherwise outdate the cache
whenever a citizen writes.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail import signals
from wagtail.models import Page

from .generation import refresh_cached_pages, retire_cached_pages

#: Models of the app that no public or intranet page shows.
ADMIN_ONLY_MODELS = {
    "calendarfeedtoken",
    "caseaccess",
    "casecompilation",
    "feedbackcase",
    "partassessment",
    "queuedemail",
    "referencesequence",
    "reminderdigest",
    "selfassessment",
    "sentreminder",
}
#: Models of other apps that decide who is shown which page, or where.
ACCESS = {
    ("auth", "group"),
    ("wagtailcore", "grouppagepermission"),
    ("wagtailcore", "site"),
    ("wagtailcore", "locale"),
    ("wagtailcore", "pageviewrestriction"),
}
#: Models of other apps whose changes show on pages.
OTHER_CONTENT = {
    ("wagtailimages", "image"),
    ("wagtaildocs", "document"),
}


def decides_access(model):
    meta = model._meta
    return (meta.app_label, meta.model_name) in ACCESS


def shows_on_pages(model):
    meta = model._meta
    if issubclass(model, Page):
        return False  # published, unpublished, moved and deleted pages are handled below
    if meta.app_label == "wagtail_kvalitet":
        return meta.model_name not in ADMIN_ONLY_MODELS
    if (meta.app_label, meta.model_name) in OTHER_CONTENT:
        return True
    if not apps.is_installed("wagtail.contrib.settings"):
        return False
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return issubclass(model, BaseGenericSetting | BaseSiteSetting)


def model_changed(sender, **kwargs):
    if decides_access(sender):
        retire_cached_pages()
    elif shows_on_pages(sender):
        refresh_cached_pages()


def page_published(sender, instance, **kwargs):
    """The page, those above it and those its class says list it, at once; any other page within the spread.

    A page class names the other pages that list its pages with ``kvalitet_pages_showing_this()``
    (a routine: the routine lists it appears on), so that an editor who publishes one sees it there
    at once too.
    """
    ids = set(instance.get_ancestors(inclusive=True).values_list("pk", flat=True))
    showing = getattr(instance, "kvalitet_pages_showing_this", None)
    refresh_cached_pages(ids | set(showing() if showing else ()))


def page_withdrawn(sender, **kwargs):
    """Unpublished or moved: the old address must not go on showing it."""
    retire_cached_pages()


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        retire_cached_pages()


def memberships_changed(sender, action, **kwargs):
    """A user's groups or own permissions, a group's permissions, a restriction's groups: all retired."""
    if action in ("post_add", "post_remove", "post_clear"):
        retire_cached_pages()


def connect():
    """Connect the receivers; called once from the app's ``ready``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    user_model = get_user_model()
    for through in {
        getattr(user_model, "groups", None) and user_model.groups.through,
        getattr(user_model, "user_permissions", None) and user_model.user_permissions.through,
        Group.permissions.through,
        PageViewRestriction.groups.through,
    } - {None}:
        uid = f"kvalitet_page_cache_{through._meta.label}"
        m2m_changed.connect(memberships_changed, sender=through, dispatch_uid=uid)
    post_save.connect(model_changed, dispatch_uid="kvalitet_page_cache_save")
    post_delete.connect(model_changed, dispatch_uid="kvalitet_page_cache_delete")
    post_delete.connect(page_deleted, dispatch_uid="kvalitet_page_cache_page_delete")
    signals.page_published.connect(page_published, dispatch_uid="kvalitet_page_cache_published")
    signals.page_unpublished.connect(page_withdrawn, dispatch_uid="kvalitet_page_cache_unpublished")
    signals.post_page_move.connect(page_withdrawn, dispatch_uid="kvalitet_page_cache_moved")
