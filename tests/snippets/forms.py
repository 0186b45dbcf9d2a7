"""Reading a Wagtail admin form's rendered errors, shared by the register admin tests."""

import re


def field_errors(response, field):
    """The error messages rendered next to ``field`` in an admin edit form."""
    html = response.content.decode()
    match = re.search(rf'id="panel-child-{field}-errors">(.*?)</div>', html, re.S)
    assert match, f"no error box next to the {field} field"
    return [" ".join(text.split()) for text in re.findall(r'<p class="error-message">(.*?)</p>', match[1], re.S)]
