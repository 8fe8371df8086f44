"""What an uploaded file really is, checked before anything reads it.

A file's name says nothing: the type is judged by its first bytes (``%PDF-``, JPEG's
``FF D8 FF``, PNG's signature) and, for the Office formats, by the zip's own
``[Content_Types].xml``. A zip is measured from its directory before any part is inflated: a
298 KB .docx that unpacks to 300 MB is refused by its declared sizes (Python's zip reader never
inflates a part past its declared size, so the declaration bounds the work).

Limits, from settings: ``UPLOAD_MAX_MB`` (the file as sent, default 10),
``UPLOAD_MAX_UNCOMPRESSED_MB`` (a zip's parts together, default 50), ``UPLOAD_MAX_ZIP_ENTRIES``
(default 2000).

- ``check_upload(file, kinds=..., name=...)``: for services and importers, raises ``Refusal``
  (field ``"file"`` unless told) with a Vietnamese message naming the file; returns the kind.
- ``UploadValidator(kinds)``: the same as a form field validator (``ValidationError``).
- ``read_error(name, kind)``: the message when a checked file still cannot be parsed.

The plan import (``planning/importer/``) calls ``check_upload(content, kinds=("docx",), name=...)``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from legalaid.refusal import Refusal

MAGIC = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
ZIP_MAGIC = b"PK\x03\x04"
# The main part's content type each Office format declares in [Content_Types].xml.
OFFICE_MAIN = {
    "xlsx": (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",),
    "docx": (
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    ),
}
LABELS = {
    "xlsx": "Excel (.xlsx)",
    "docx": "Word (.docx)",
    "pdf": "PDF",
    "jpeg": "JPEG",
    "png": "PNG",
}
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
MB = 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_MB", 10)) * MB


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_UNCOMPRESSED_MB", 50)) * MB


def max_zip_entries() -> int:
    return int(getattr(settings, "UPLOAD_MAX_ZIP_ENTRIES", 2000))


def _kinds_text(kinds: Iterable[str]) -> str:
    return _(" or ").join(LABELS.get(k, k) for k in kinds)


def _size_of(file: Any) -> int:
    if isinstance(file, bytes | bytearray):
        return len(file)
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, io.SEEK_END)
    end = int(file.tell())
    file.seek(position)
    return end


def _stream(file: Any) -> IO[bytes]:
    if isinstance(file, bytes | bytearray):
        return io.BytesIO(bytes(file))
    return file  # an UploadedFile or an open binary file: seekable


def upload_problem(file: Any, *, kinds: Iterable[str], name: str = "") -> tuple[str, str]:
    """``("", kind)`` when ``file`` (bytes or a seekable file) is one of ``kinds`` within the
    limits, else ``(message, "")``. The file's position is restored."""
    kinds = tuple(kinds)
    name = name or str(getattr(file, "name", "") or "") or _("the file")
    words = {"name": name, "kinds": _kinds_text(kinds)}
    size = _size_of(file)
    if size > max_upload_bytes():
        return _("The file “%(name)s” is larger than %(limit)s MB.") % {
            "name": name,
            "limit": max_upload_bytes() // MB,
        }, ""
    if size == 0:
        return _("The file “%(name)s” is empty.") % words, ""
    stream = _stream(file)
    position = stream.tell()
    try:
        stream.seek(0)
        head = stream.read(8)
        for kind in kinds:
            if kind in MAGIC and any(head.startswith(magic) for magic in MAGIC[kind]):
                return "", kind
        office = [k for k in kinds if k in OFFICE_MAIN]
        if office and head.startswith(ZIP_MAGIC):
            stream.seek(0)
            return _zip_problem(stream, office, words)
        return _("The file “%(name)s” is not a real %(kinds)s file.") % words, ""
    finally:
        stream.seek(position)


def _zip_problem(stream: IO[bytes], kinds: list[str], words: dict[str, str]) -> tuple[str, str]:
    not_kind = _("The file “%(name)s” is not a real %(kinds)s file.") % words
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > max_zip_entries():
                return _("The file “%(name)s” holds more than %(count)s parts.") % {
                    **words,
                    "count": max_zip_entries(),
                }, ""
            if sum(entry.file_size for entry in entries) > max_uncompressed_bytes():
                return _("The file “%(name)s” unpacks to more than %(limit)s MB.") % {
                    **words,
                    "limit": max_uncompressed_bytes() // MB,
                }, ""
            types = next((e for e in entries if e.filename == "[Content_Types].xml"), None)
            if types is None or types.file_size > CONTENT_TYPES_MAX_BYTES:
                return not_kind, ""
            declared = archive.read(types)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return not_kind, ""
    for kind in kinds:
        if any(main in declared for main in OFFICE_MAIN[kind]):
            return "", kind
    return not_kind, ""


def check_upload(file: Any, *, kinds: Iterable[str], name: str = "", field: str | None = "file") -> str:
    """For services and importers: the file's kind, or ``Refusal`` naming the file."""
    problem, kind = upload_problem(file, kinds=kinds, name=name)
    if problem:
        raise Refusal(problem, field=field)
    return kind


def read_error(name: str, kind: str) -> str:
    """A checked file that still cannot be parsed (a damaged part, malformed XML)."""
    return _("The file “%(name)s” could not be read as a %(kind)s file: it may be damaged.") % {
        "name": name or _("the file"),
        "kind": LABELS.get(kind, kind),
    }


@deconstructible
class UploadValidator:
    """A form field validator: the upload is one of ``kinds`` within the limits."""

    code = "upload"

    def __init__(self, kinds: Iterable[str]) -> None:
        self.kinds = tuple(kinds)

    def __call__(self, upload: Any) -> None:
        if not upload:  # no file (None, "", False for "clear")
            return
        problem, _kind = upload_problem(upload, kinds=self.kinds)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and self.kinds == other.kinds


SCANS = ("pdf", "jpeg", "png")
PHOTOS = ("jpeg", "png")
