"""A page cache for anonymous visitors, shared by every server through Django's cache.

A routine is read far more often than it changes, and most readers are not signed in. Rendering
a routine page costs tens of milliseconds and a dozen queries; serving the same bytes from Redis
costs one or two round trips. Several app servers share the cache, so a page rendered by one is
served by all, and publishing anything empties it for all at once (see ``generation``).

Only what is the same for everyone is kept: GET requests without cookies or a query string,
answered 200 by a Wagtail page that allows it, with no cookie set and nothing marking the
response private. Signed-in staff, anyone who has a form's CSRF cookie, searches and filters are
always rendered fresh. If the cache is unreachable the page is rendered as if the cache were off.
"""
