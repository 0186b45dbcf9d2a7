"""What retires the cached pages: anything published, and any change to what pages show.

Pages are retired when published, unpublished, moved or deleted, and when their view
restrictions change (a page made private must not go on being served to anyone from the cache),
and so are the readers' permission digests when anyone's groups or permissions change.
Saving a draft changes nothing a visitor sees, so it does not. Of the app's own models, every
register a page may list counts (units, legal requirements, indicators and figures, activities),
except those only the admin shows: cases, emails, reminders, reference numbers, feeds' keys and
self-assessments, which change with every complaint and would otherwise empty the cache
whenever a citizen writes.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .generation import retire_cached_pages

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
#: Models of other apps whose changes show on pages, or decide who is shown which.
OTHER_CONTENT = {
    ("auth", "group"),
    ("wagtailcore", "grouppagepermission"),
    ("wagtailcore", "site"),
    ("wagtailcore", "locale"),
    ("wagtailcore", "pageviewrestriction"),
    ("wagtailimages", "image"),
    ("wagtaildocs", "document"),
}


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


def content_changed(sender, **kwargs):
    if shows_on_pages(sender):
        retire_cached_pages()


def page_changed(sender, **kwargs):
    retire_cached_pages()


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        retire_cached_pages()


def memberships_changed(sender, action, **kwargs):
    """A user's groups or own permissions, or a group's permissions: cached pages and readers' digests."""
    if action in ("post_add", "post_remove", "post_clear"):
        retire_cached_pages()


def connect():
    """Connect the receivers; called once from the app's ``ready``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    for through in {
        getattr(user_model, "groups", None) and user_model.groups.through,
        getattr(user_model, "user_permissions", None) and user_model.user_permissions.through,
        Group.permissions.through,
    } - {None}:
        uid = f"kvalitet_page_cache_{through._meta.label}"
        m2m_changed.connect(memberships_changed, sender=through, dispatch_uid=uid)
    post_save.connect(content_changed, dispatch_uid="kvalitet_page_cache_save")
    post_delete.connect(content_changed, dispatch_uid="kvalitet_page_cache_delete")
    post_delete.connect(page_deleted, dispatch_uid="kvalitet_page_cache_page_delete")
    page_published.connect(page_changed, dispatch_uid="kvalitet_page_cache_published")
    page_unpublished.connect(page_changed, dispatch_uid="kvalitet_page_cache_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="kvalitet_page_cache_moved")

