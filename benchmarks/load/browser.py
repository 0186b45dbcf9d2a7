"""A minimal browser for the after-run checks: cookies, no automatic redirects, the form's hidden fields.

Why not locust's client: the checks run in the orchestrator (in ``.venv``, where locust must not
be installed) and need exact control: one fresh TCP connection per request, so a burst of
concurrent submissions is spread over gunicorn's workers as real clients' would be.
"""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

from .form_data import hidden_inputs


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", errors="replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class Browser:
    """One browser session against ``base_url``: a cookie jar, and GET/POST that never follow redirects."""

    def __init__(self, base_url, timeout=30):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def request(self, path, data=None, headers=None):
        url = path if path.startswith("http") else self.base_url + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {}, method="POST" if body else "GET")
        if body:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path, headers=None):
        return self.request(path, headers=headers)

    def post(self, path, data, headers=None):
        return self.request(path, data=data, headers=headers)

    def sign_in(self, username, password):
        """The admin's login form; True if it redirected (signed in)."""
        form = self.get("/admin/login/")
        token = hidden_inputs(form.text, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        answer = self.post(
            "/admin/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"},
        )
        return answer.status == 302

    def sign_in_as_reader(self, page_path, username, password, login_path):
        """Wagtail's front-end login, as a browser meets it; True if signed in.

        GET the page; a login-restricted page answers 302 to the login form (``login_path`` if it does
        not), whose GET sets the CSRF cookie; POST the credentials with its token and the page as
        ``next``; a 302 means signed in (a refused login shows the form again with 200).
        """
        page = self.get(page_path)
        login = page.location if page.status == 302 and page.location else ""
        login = login or f"{login_path}?{urllib.parse.urlencode({'next': page_path})}"
        form = self.get(login)
        if form.status != 200:
            return False
        token = hidden_inputs(form.text, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        answer = self.post(
            login, {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": page_path}
        )
        return answer.status == 302

    def bulk_publish(self, page_pk):
        """Publish a page through the admin's bulk action, as an editor does; the POST's status (302 is success)."""
        path = f"/admin/bulk/wagtailcore/page/publish/?id={page_pk}"
        confirmation = self.get(path)
        if confirmation.status != 200:
            return confirmation.status
        token = hidden_inputs(confirmation.text, "csrfmiddlewaretoken").get("csrfmiddlewaretoken", "")
        return self.post(path, {"csrfmiddlewaretoken": token}).status
