"""The Vietnamese catalogue is complete, compiled and current: Vietnamese is the default language, so
an empty, fuzzy or stale entry shows English to the centre's staff."""

from __future__ import annotations

import gettext as python_gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
# The project's catalogue (locale/) and each app's own (<app>/locale/), made with makemessages
# run in the app's folder so that apps never edit the same file.
PO_FILES = [BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"] + sorted(
    BASE_DIR.glob("*/locale/vi/LC_MESSAGES/django.po")
)
PO_FILE = PO_FILES[0]

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    plural_msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def translations(self) -> list[str]:
        """The msgstr, or for a plural message every msgstr[n] in order."""
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.plural_msgstrs[i] for i in sorted(self.plural_msgstrs)]


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n], each
    possibly continued over several "..." lines. Obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None  # the keyword a "..." line continues
    flags: set[str] = set()

    def close() -> None:
        nonlocal entry, target
        if entry is not None:
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if target is not None and target[0] == "msgstr":
                close()  # a blank or comment line after the msgstr ends the entry
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
                close()  # entries not separated by a blank line
            if entry is None:
                entry, flags = Entry(flags=flags), set()
            target = ("msgstr" if keyword.startswith("msgstr") else keyword, int(index) if index else None)
            _append(entry, target, _unquote(literal))
        elif entry is not None and target is not None and len(line) >= 2 and line[0] == line[-1] == '"':
            _append(entry, target, _unquote(line))
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    close()
    return entries


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgstr" and index is not None:
        entry.plural_msgstrs[index] = entry.plural_msgstrs.get(index, "") + text
    elif name == "msgstr":
        entry.msgstr += text
    elif name == "msgid":
        entry.msgid += text
    else:  # msgctxt, msgid_plural
        setattr(entry, name, (getattr(entry, name) or "") + text)


@pytest.fixture(scope="module", params=PO_FILES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def po_file(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def mo_file(po_file) -> Path:
    return po_file.with_suffix(".mo")


@pytest.fixture(scope="module")
def entries(po_file) -> list[Entry]:
    return parse_po(po_file)


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    return [e for e in entries if not e.is_header]


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)[sdif]|\{\{\s*\w+\s*\}\}|\{\w*\}", text))


def test_the_reader_understands_continuation_lines_and_plural_forms(tmp_path):
    sample = tmp_path / "sample.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#: a.py\n#, fuzzy, python-format\nmsgid ""\n"Long "\n"text"\nmsgstr "Văn "\n"bản"\n\n'
        'msgid "%(n)s user"\nmsgid_plural "%(n)s users"\nmsgstr[0] "%(n)s người"\n',
        encoding="utf-8",
    )
    header, long_text, plural = parse_po(sample)
    assert header.is_header and header.msgstr == "Language: vi\n"
    assert (long_text.msgid, long_text.msgstr, long_text.flags) == (
        "Long text",
        "Văn bản",
        {"fuzzy", "python-format"},
    )
    assert (plural.msgid_plural, plural.translations) == ("%(n)s users", ["%(n)s người"])


def test_the_catalogue_has_messages(messages, po_file):
    assert len(messages) > (100 if po_file == PO_FILE else 0)


def test_the_header_declares_vietnamese_utf8_and_one_plural_form(entries):
    header = entries[0]
    assert header.is_header
    assert "fuzzy" not in header.flags
    assert "Language: vi\n" in header.msgstr
    assert "charset=UTF-8" in header.msgstr
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr


def test_every_message_is_translated(messages):
    untranslated = [e.msgid for e in messages if not all(t.strip() for t in e.translations)]
    assert untranslated == []


def test_no_message_is_fuzzy(entries):
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []


def test_plural_messages_have_exactly_one_form(messages):
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert [e.msgid for e in plurals if list(e.plural_msgstrs) != [0]] == []


def test_translations_keep_the_placeholders_of_the_source(messages):
    broken = [e.msgid for e in messages for t in e.translations if _placeholders(t) != _placeholders(e.msgid)]
    assert broken == []


def test_the_compiled_catalogue_matches_the_source_catalogue(messages, mo_file):
    """A .po edited without running compilemessages leaves a stale .mo: the site would still
    show the old wording (or English)."""
    assert mo_file.exists(), "run: manage.py compilemessages --locale vi"
    with mo_file.open("rb") as handle:
        compiled = python_gettext.GNUTranslations(handle)
    stale = []
    for e in messages:
        if e.msgid_plural is not None:
            got = (
                [compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 1)]
                if e.msgctxt
                else [compiled.ngettext(e.msgid, e.msgid_plural, 1)]
            )
        else:
            got = [compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid)]
        if got != e.translations:
            stale.append((e.msgid, got, e.translations))
    assert stale == []


def test_the_compiled_catalogue_has_no_messages_the_source_lacks(messages, mo_file):
    with mo_file.open("rb") as handle:
        compiled = python_gettext.GNUTranslations(handle)
    source_ids = {e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}" for e in messages}
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in compiled._catalog} - {""}
    assert compiled_ids - source_ids == set()


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Log in", "Đăng nhập"),
        ("Log out", "Đăng xuất"),
        ("Unit", "Đơn vị"),
        ("Cases", "Vụ việc"),
        ("Staffing", "Nhân sự"),
        ("Outreach", "Truyền thông"),
        ("Planning", "Kế hoạch"),
        ("Dashboard", "Bảng điều hành"),
        ("Organisation", "Tổ chức"),
        ("Centre director", "Giám đốc Trung tâm"),
        ("Intake officer", "Cán bộ tiếp nhận"),
        ("Legal-aid assistant", "Trợ giúp viên pháp lý"),
        ("Contracted lawyer or collaborator", "Luật sư ký hợp đồng, cộng tác viên"),
        ("Department of Justice official", "Cán bộ Sở Tư pháp"),
        ("Administrator", "Quản trị viên"),
        ("Vietnamese", "Tiếng Việt"),
        ("English", "Tiếng Anh"),
    ],
)
def test_key_interface_words_read_in_vietnamese(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


# The source strings below are passed through variables, never as literals to gettext():
# makemessages would otherwise collect them from this file and keep them in the catalogue
# even after the application stops using them.
USER_COUNT = ("%(counter)s user", "%(counter)s users")
EXPORT_LABEL = "Users of %(unit)s (Excel)"
LOG_IN = "Log in"


def test_plural_and_placeholder_messages_render_in_vietnamese():
    with translation.override("vi"):
        assert translation.ngettext(*USER_COUNT, 1) % {"counter": 1} == "1 người dùng"
        assert translation.ngettext(*USER_COUNT, 7) % {"counter": 7} == "7 người dùng"
        assert translation.gettext(EXPORT_LABEL) % {"unit": "Chi nhánh số 1"} == (
            "Danh sách người dùng của Chi nhánh số 1 (Excel)"
        )


def test_vietnamese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "vi"
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext(LOG_IN) == "Đăng nhập"


SOURCE_DIRS = ["legalaid", "cases", "staffing", "outreach", "planning", "templates", "locale"]
APPS = ["cases", "staffing", "outreach", "planning"]


def _regenerate_catalogues(copy: Path) -> subprocess.CompletedProcess | None:
    """Run `make messages`'s extraction on a copy of the sources (the real tree stays as it is)."""
    for name in SOURCE_DIRS:
        if (BASE_DIR / name).exists():
            shutil.copytree(
                BASE_DIR / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
            )
    shutil.copy(BASE_DIR / "manage.py", copy / "manage.py")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "true",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres",  # never connected to
        "VAR_DIR": str(copy / "var"),
    }
    common = ["makemessages", "--locale", "vi", "--no-obsolete", "--add-location", "file"]
    runs = [
        (copy, [*common, "--ignore", "var/*", *(arg for app in APPS for arg in ("--ignore", f"{app}/*"))])
    ]
    for app in APPS:  # an app without a catalogue yet gets one here, so its strings count too
        if (copy / app).exists():
            (copy / app / "locale").mkdir(exist_ok=True)
            runs.append((copy / app, [*common, "--symlinks"]))
    for cwd, args in runs:
        result = subprocess.run(
            [sys.executable, str(copy / "manage.py"), *args], cwd=cwd, env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            return result
    return None


def test_every_translatable_string_in_the_code_is_translated(tmp_path):
    """A string added to the code but never put in a catalogue would show English to staff."""
    if shutil.which("msgmerge") is None:
        message = "makemessages needs GNU gettext: apt-get install gettext"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    failure = _regenerate_catalogues(tmp_path)
    assert failure is None, failure.stderr
    # Django merges every catalogue: a string translated in any of them is translated.
    translated, seen = set(), {}
    for po in [
        tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po",
        *tmp_path.glob("*/locale/vi/LC_MESSAGES/django.po"),
    ]:
        if not po.exists():
            continue
        for e in parse_po(po):
            if e.is_header:
                continue
            seen.setdefault(e.msgid, str(po.relative_to(tmp_path)))
            if "fuzzy" not in e.flags and all(t.strip() for t in e.translations):
                translated.add(e.msgid)
    missing = {msgid: where for msgid, where in seen.items() if msgid not in translated}
    assert missing == {}, "run `make messages` and translate: " + repr(missing)
