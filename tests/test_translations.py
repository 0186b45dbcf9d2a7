"""The Swedish translations: complete, compiled, used, and in step with the code.

Messages are written in English in code and templates and translated in
``wagtail_kvalitet/locale/sv`` (the app's, shipped with the package) and
``example_site/locale/sv`` (the example site's own). After changing a string, update and
compile them as the catalogue's ``makemessages`` command below says, from inside the package
or site directory, then translate the new entries.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils.translation import override

from wagtail_kvalitet.models import OrganisationPage, OrganisationUnit, QualityArea, SectionPage, UnitKind
from wagtail_kvalitet.snippets.forms import OrganisationUnitForm

ROOT = Path(__file__).resolve().parent.parent


class Catalogue:
    """One translated tree: where its sources and .po live, and how makemessages is run for it."""

    def __init__(self, name, directory, ignore=()):
        self.name = name
        self.directory = ROOT / directory
        self.ignore = list(ignore)
        self.po = self.directory / "locale" / "sv" / "LC_MESSAGES" / "django.po"
        self.mo = self.po.with_suffix(".mo")

    def makemessages_args(self):
        args = ["makemessages", "-l", "sv", "--no-obsolete"]
        for pattern in self.ignore:
            args += ["--ignore", pattern]
        return args

    def __repr__(self):
        return self.name


CATALOGUES = [
    Catalogue("app", "wagtail_kvalitet"),
    Catalogue("example site", "example_site", ignore=["static_collected", "media"]),
]
TEMPLATE_DIRS = [ROOT / "wagtail_kvalitet" / "templates", ROOT / "example_site" / "templates"]


# A small .po reader (the stdlib has none, and the project adds no dependencies for tests).


class Entry:
    def __init__(self):
        self.flags = set()
        self.references = []
        self.msgctxt = None
        self.msgid = None
        self.msgid_plural = None
        self.msgstr = {}  # plural index (0 for a singular entry) → text
        self.obsolete = False
        self.line = 0

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __repr__(self):
        return f"line {self.line}: {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text, path, number):
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"{path}:{number}: expected a quoted string, got {text!r}")

    def replace(match):
        if match[1] not in _ESCAPES:
            raise ValueError(f"{path}:{number}: unknown escape \\{match[1]}")
        return _ESCAPES[match[1]]

    return re.sub(r"\\(.)", replace, text[1:-1])


def parse_po(path):
    """The entries of a .po file, header (msgid "") included, in file order."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and entry.msgid is not None:
            entries.append(entry)

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if entry is None:
            entry = Entry()
            entry.line = number
        if obsolete:
            entry.obsolete = True
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.references.extend(line[2:].split())
        elif line.startswith("#"):
            pass  # translator, extracted or previous-msgid comment
        elif line.startswith('"'):
            if field is None:
                raise ValueError(f"{path}:{number}: continuation line outside a field")
            value = _unquote(line, path, number)
            if isinstance(field, int):
                entry.msgstr[field] += value
            else:
                setattr(entry, field, getattr(entry, field) + value)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                if keyword == "msgctxt" or (keyword == "msgid" and entry.msgid is not None):
                    # A new entry starts without a blank line before it.
                    if entry.msgid is not None:
                        finish()
                        entry = Entry()
                        entry.line = number
                field = keyword
                setattr(entry, field, _unquote(rest, path, number))
            elif match := re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword):
                field = int(match[1] or 0)
                entry.msgstr[field] = _unquote(rest, path, number)
            else:
                raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def split_po(path):
    """``(header fields, entries other than the header)``; the header must come first."""
    entries = parse_po(path)
    assert entries and entries[0].msgid == "" and entries[0].msgctxt is None, f"{path}: no header entry"
    header = entries[0]
    fields = {}
    for line in header.msgstr[0].splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return header, fields, entries[1:]


def test_the_po_reader_reads_what_gettext_writes(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\n'
        "#: a.py:1 b/c.html:2\n#, fuzzy, python-format\n"
        'msgid ""\n"A \\"long\\" "\n"message %(n)s"\nmsgstr "Ett \\"långt\\" meddelande %(n)s"\n\n'
        'msgctxt "menu"\nmsgid "File"\nmsgstr "Arkiv"\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "en"\nmsgstr[1] "många"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Borta"\n',
        encoding="utf-8",
    )
    header, fields, entries = split_po(po)
    assert fields == {"Language": "sv"}
    long, file, plural, gone = entries
    assert (long.msgid, long.msgstr, long.flags) == (
        'A "long" message %(n)s',
        {0: 'Ett "långt" meddelande %(n)s'},
        {"fuzzy", "python-format"},
    )
    assert long.references == ["a.py:1", "b/c.html:2"]
    assert file.key == ("menu", "File", None)
    assert (plural.msgid_plural, plural.msgstr) == ("many", {0: "en", 1: "många"})
    assert gone.obsolete and gone.msgstr == {0: "Borta"}


# (a) Every entry is translated, and the headers are filled in.


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_po_header_is_filled_in(catalogue):
    header, fields, _ = split_po(catalogue.po)
    assert "fuzzy" not in header.flags
    assert fields.get("Language") == "sv"
    assert fields.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Content-Transfer-Encoding") == "8bit"
    header_text = catalogue.po.read_text(encoding="utf-8").split("\n\n", 1)[0]
    for placeholder in (
        "FULL NAME",
        "EMAIL@ADDRESS",
        "YEAR-MO-DA",
        "PACKAGE VERSION",
        "LANGUAGE <LL@li.org>",
        "SOME DESCRIPTIVE TITLE",
        "THE PACKAGE'S COPYRIGHT HOLDER",
    ):
        assert placeholder not in header_text, f"{catalogue.po}: header still has {placeholder!r}"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_every_entry_is_translated_and_not_fuzzy(catalogue):
    _, _, entries = split_po(catalogue.po)
    assert entries, f"{catalogue.po} has no messages"
    problems = []
    for entry in entries:
        if entry.obsolete:
            problems.append(f"{entry}: obsolete entry (run makemessages with --no-obsolete)")
        if "fuzzy" in entry.flags:
            problems.append(f"{entry}: fuzzy")
        expected_forms = 2 if entry.msgid_plural is not None else 1
        if sorted(entry.msgstr) != list(range(expected_forms)):
            problems.append(f"{entry}: expected {expected_forms} msgstr forms, got {sorted(entry.msgstr)}")
        if not all(text.strip() for text in entry.msgstr.values()):
            problems.append(f"{entry}: not translated")
    assert not problems, "\n".join(problems)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_translations_keep_the_placeholders(catalogue):
    _, _, entries = split_po(catalogue.po)
    problems = []
    for entry in entries:
        for index, text in entry.msgstr.items():
            # Plural forms follow msgid_plural: the singular may leave the count out ("one risk").
            source = entry.msgid_plural if index and entry.msgid_plural else entry.msgid
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"{entry}: msgstr[{index}] has other placeholders than the msgid")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_references_are_relative_to_the_catalogue(catalogue):
    """``#:`` lines name files inside the package or site, never a developer's own paths."""
    _, _, entries = split_po(catalogue.po)
    for entry in entries:
        assert entry.references, f"{entry}: no source reference"
        for reference in entry.references:
            path = reference.rsplit(":", 1)[0]
            assert not Path(path).is_absolute() and not path.startswith(".."), f"{entry}: {reference}"
            assert (catalogue.directory / path).is_file(), f"{entry}: {reference} does not exist"


# (b) The compiled .mo says what the .po says.


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_mo_is_compiled_from_the_current_po(catalogue):
    assert catalogue.mo.is_file(), f"{catalogue.mo} is missing: run compilemessages"
    with catalogue.mo.open("rb") as file:
        translations = gettext.GNUTranslations(file)
    _, _, entries = split_po(catalogue.po)
    stale = []
    for entry in entries:
        if entry.msgid_plural is not None:
            if entry.msgctxt is not None:
                got = translations.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
            else:
                got = translations.ngettext(entry.msgid, entry.msgid_plural, 1)
        elif entry.msgctxt is not None:
            got = translations.pgettext(entry.msgctxt, entry.msgid)
        else:
            got = translations.gettext(entry.msgid)
        if got != entry.msgstr[0]:
            stale.append(f"{entry}: the .mo has {got!r}, the .po {entry.msgstr[0]!r}")
    assert not stale, f"{catalogue.mo} is out of date, run compilemessages:\n" + "\n".join(stale)
    # Nor does the .mo hold messages the .po no longer has.
    in_mo = {key if isinstance(key, str) else key[0] for key in translations._catalog} - {""}
    in_po = {entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}" for entry in entries}
    assert in_mo == in_po, f"{catalogue.mo} is out of date, run compilemessages"


# (c) Django uses them.


def test_models_and_forms_speak_swedish():
    with override("sv"):
        assert [str(label) for label in UnitKind.labels] == ["Nämnd", "Förvaltning", "Verksamhetsområde", "Enhet"]
        assert str(OrganisationUnit._meta.verbose_name) == "organisationsenhet"
        assert str(OrganisationUnit._meta.verbose_name_plural) == "organisationsenheter"
        assert str(OrganisationUnit._meta.get_field("contact_email").verbose_name) == "e-post för kontakt"
        assert str(OrganisationUnit._meta.get_field("manager").verbose_name) == "chef"
        assert str(QualityArea._meta.verbose_name_plural) == "kvalitetsområden"
        assert str(SectionPage._meta.verbose_name) == "avsnittssida"
        assert str(OrganisationPage._meta.verbose_name) == "organisationssida"
        parent = OrganisationUnitForm.base_fields["parent"]
        assert str(parent.label) == "Ingår i"
        assert str(parent.empty_label) == "(Högsta nivå)"
        assert str(OrganisationUnit.snippet_viewset.menu_label) == "Organisation"
        assert str(QualityArea.snippet_viewset.menu_label) == "Kvalitetsområden"


def test_the_english_msgids_are_still_there_in_english():
    """The translation is switched by language, not baked into the code."""
    with override("en"):
        assert str(UnitKind.BOARD.label) == "Board"
        assert str(OrganisationUnit._meta.verbose_name) == "organisation unit"


def test_app_templates_speak_swedish():
    with override("sv"):
        html = render_to_string(
            "wagtail_kvalitet/includes/organisation_tree.html",
            {"nodes": [(OrganisationUnit(name="Linden", kind=UnitKind.UNIT, contact_email="l@x.example"), [])]},
        )
    assert "Kontakt:" in html
    assert "(Enhet)" in html


@pytest.mark.django_db
def test_example_site_pages_speak_swedish(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    for text in (
        "Sidan hittades inte",
        "Tyvärr kunde vi inte hitta sidan.",
        "Gå till startsidan",
        "Hoppa till innehållet",
        "Exempelwebbplats: kommunen och allt innehåll är påhittade.",
    ):
        assert text in html
    assert '<html lang="sv">' in html


def test_the_server_error_page_speaks_swedish():
    with override("sv"):
        html = render_to_string("500.html")
    assert "Något gick fel" in html
    assert "<title>Serverfel</title>" in html
    assert '<html lang="sv">' in html


# (d) Templates with text a visitor sees load the i18n library, and translate that text.


def templates():
    return sorted(
        path for directory in TEMPLATE_DIRS for path in directory.rglob("*") if path.suffix in {".html", ".txt"}
    )


TRANSLATED_BLOCK = re.compile(r"{%\s*block(?:trans|translate)\b.*?{%\s*endblock(?:trans|translate)\s*%}", re.S)
HIDDEN = [
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
]
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
VISIBLE_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder)\s*=\s*"([^"]*)"', re.I)
WORD = re.compile(r"[^\W\d_]{2,}")


def untranslated_text(source):
    """Words a visitor would see that are not inside a translation tag."""
    for pattern in HIDDEN:
        source = pattern.sub(" ", source)
    source = TRANSLATED_BLOCK.sub(" ", source)
    words = []
    for value in VISIBLE_ATTRIBUTE.findall(source):
        words += WORD.findall(TEMPLATE_TAG.sub(" ", value))
    text = TEMPLATE_TAG.sub(" ", source)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&#?\w+;", " ", text)
    return words + WORD.findall(text)


def has_visible_text(source):
    return bool(untranslated_text(source)) or bool(
        re.search(r"{%\s*(?:trans|translate|blocktrans|blocktranslate)\b", source)
    )


def test_the_template_check_can_tell(tmp_path):
    assert untranslated_text('{% load i18n %}<p title="Öppna">{% translate "Hello" %} {{ name }}</p>') == ["Öppna"]
    assert untranslated_text("<p>Hej {{ name }}</p><!-- not shown --><script>var x;</script>") == ["Hej"]
    assert untranslated_text("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %} ({{ kind }})") == []
    assert has_visible_text('{% translate "Hello" %}') and not has_visible_text("{{ page.title }}")


def test_there_are_templates_to_check():
    names = {path.name for path in templates()}
    assert {"base.html", "404.html", "500.html", "home_page.html", "section_page.html"} <= names


@pytest.mark.parametrize("path", templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_template_with_text_loads_i18n(path):
    source = path.read_text(encoding="utf-8")
    if has_visible_text(source):
        assert re.search(r"{%\s*load\s[^%]*\bi18n\b[^%]*%}", source), f"{path.name} has text but no {{% load i18n %}}"


@pytest.mark.parametrize("path", templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_template_text_is_translated(path):
    assert untranslated_text(path.read_text(encoding="utf-8")) == [], (
        f"{path.name} has text outside {{% translate %}} / {{% blocktranslate %}}"
    )


# The .po files list exactly the strings the code has now.


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=str)
def test_po_is_in_step_with_the_code(catalogue, tmp_path):
    """makemessages, run on a copy, finds no string that the shipped .po lacks, and vice versa."""
    for tool in ("xgettext", "msgmerge", "msguniq"):
        if shutil.which(tool) is None:
            pytest.skip(f"GNU gettext's {tool} is not on PATH, so makemessages cannot run; install gettext")
    copy = tmp_path / catalogue.directory.name
    shutil.copytree(
        catalogue.directory,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.sqlite3", *catalogue.ignore),
    )
    # Without DJANGO_SETTINGS_MODULE, makemessages writes to ./locale, as when run by hand.
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", *catalogue.makemessages_args(), "--keep-pot"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    in_code = {entry.key for entry in split_po(copy / "locale" / "django.pot")[2]}
    updated = {entry.key for entry in split_po(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po")[2]}
    shipped = {entry.key for entry in split_po(catalogue.po)[2]}
    assert updated == in_code
    command = f"cd {catalogue.directory.name} && django-admin {' '.join(catalogue.makemessages_args())}"
    assert shipped == in_code, (
        f"{catalogue.po.relative_to(ROOT)} is not in step with the code. Run `{command}`, translate, "
        f"then `django-admin compilemessages`.\n"
        f"New strings: {sorted(key[1] for key in in_code - shipped)}\n"
        f"Strings no longer used: {sorted(key[1] for key in shipped - in_code)}"
    )
