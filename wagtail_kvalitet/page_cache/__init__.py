"""A page cache shared by every server through Django's cache.

A routine is read far more often than it changes. Rendering a routine page costs tens of
milliseconds and a dozen queries; serving the same bytes from Redis costs a few round trips.
Several app servers share the cache, so a page rendered by one is served by all.

Only what is the same for a whole audience is kept (see ``middleware``): visitors who are not
signed in, or signed-in staff with the same permissions for the page classes that allow it.
Searches, filters, forms and anything carrying one person's cookie or token are always rendered.
Publishing outdates cached pages: the published page and the pages above it are rendered again
at once, the others spread over the following minute; a change to who may see what retires them
all at once (see ``generation`` and ``invalidation``). If the cache is
unreachable, pages are rendered as if it were off.
"""
