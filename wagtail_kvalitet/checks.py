"""System checks for settings the app depends on."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.utils.translation import gettext_lazy as _

#: Cache backends whose counts one process cannot see from another: the spam limit of the
#: feedback forms (``antispam``) counts submissions and spends single-use tokens in the cache.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": _("keeps its counts inside one server process"),
    "django.core.cache.backends.dummy.DummyCache": _("stores nothing, so it counts nothing at all"),
}


@register(Tags.caches, Tags.security, deploy=True)
def check_cache_counts_across_processes(app_configs=None, **kwargs):
    """Warn when the default cache cannot count feedback submissions across server processes.

    The forms' rate limit and their single-use tokens live in the default cache. With the
    local-memory cache each process of a production server (several workers, several servers)
    counts on its own, so a robot gets the limit once per process and a token can be used once
    per process; with the dummy cache there is no limit and no single-use token at all.

    A deploy check only (``check --deploy``): one development server is one process, and there
    the local-memory cache counts correctly.
    """
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            _(
                "The default cache (%(backend)s) %(problem)s, so the feedback forms' spam limit and "
                "single-use form tokens do not hold across server processes."
            )
            % {"backend": backend.rsplit(".", 1)[-1], "problem": PROCESS_LOCAL_CACHES[backend]},
            hint=_(
                "Use a shared cache as CACHES['default']: Redis or Memcached, or Django's database cache. "
                "A file-based cache is shared by the processes of one machine (its counts are not strictly "
                "atomic); with several servers use Redis or the database cache."
            ),
            id="wagtail_kvalitet.W001",
        )
    ]
