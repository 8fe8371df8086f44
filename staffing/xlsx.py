"""A fast reader for the first sheet of an .xlsx file: values only, row numbers as Excel shows.

openpyxl's read-only mode builds an object per cell and, for files written without dimensions,
parses the sheet twice; for 10,000 rows that is most of an import's time. The import needs only
values, so this reads the sheet's XML with one streaming pass. ``read_rows`` falls back to
openpyxl for anything it does not understand.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import fromstring, iterparse  # noqa: S405 - a workbook's own parts; expat expands no external entities

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that show dates or times (ECMA-376, 18.8.30).
DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dmy]", code)) and "general" not in code


def _text_of(element) -> str:
    """The text of a shared or inline string: its runs, without phonetic guides."""
    parts = []
    for child in element.iter():
        if child.tag == f"{MAIN}rPh":
            continue
        if child.tag == f"{MAIN}t" and child.text:
            parts.append(child.text)
    return "".join(parts)


def _first_sheet_path(archive: zipfile.ZipFile) -> tuple[str, bool]:
    workbook = archive.read("xl/workbook.xml")
    date1904 = b'date1904="1"' in workbook or b'date1904="true"' in workbook
    rel_id = None
    for _event, element in iterparse(BytesIO(workbook)):  # noqa: S314
        if element.tag == f"{MAIN}sheet":
            rel_id = element.get(f"{REL}id")
            break
    for _event, element in iterparse(BytesIO(archive.read("xl/_rels/workbook.xml.rels"))):  # noqa: S314
        if element.tag == f"{PKG_REL}Relationship" and element.get("Id") == rel_id:
            target = element.get("Target")
            return (target.lstrip("/") if target.startswith("/") else f"xl/{target}"), date1904
    raise ValueError("no first sheet")


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    custom: dict[int, str] = {}
    dates: set[int] = set()
    in_cell_xfs = False
    index = 0
    for event, element in iterparse(BytesIO(styles), events=("start", "end")):  # noqa: S314
        if element.tag == f"{MAIN}numFmt" and event == "end":
            custom[int(element.get("numFmtId"))] = element.get("formatCode", "")
        elif element.tag == f"{MAIN}cellXfs":
            in_cell_xfs = event == "start"
        elif element.tag == f"{MAIN}xf" and in_cell_xfs and event == "end":
            fmt = int(element.get("numFmtId", "0"))
            if fmt in DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt])):
                dates.add(index)
            index += 1
    return dates


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        data = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return []
    root = fromstring(data)  # noqa: S314
    tag_t = f"{MAIN}t"
    strings = []
    for item in root:
        first = item.find(tag_t)
        if first is not None and len(item) == 1:
            strings.append(first.text or "")  # the common case: one plain text run
        else:
            strings.append(_text_of(item))
    return strings


def fast_rows(content: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cell values) for every row of the first sheet that has any cell."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    with zipfile.ZipFile(BytesIO(content)) as archive:
        path, date1904 = _first_sheet_path(archive)
        strings = _shared_strings(archive)
        date_styles = _date_styles(archive)
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        sheet = archive.read(path)
    root = fromstring(sheet)  # noqa: S314 - one C-level parse beats a Python loop over events
    tag_c, tag_v, tag_is = f"{MAIN}c", f"{MAIN}v", f"{MAIN}is"
    previous = 0
    for row in root.iter(f"{MAIN}row"):
        number = int(row.get("r") or previous + 1)
        previous = number
        cells: dict[int, Any] = {}
        next_column = 0
        for cell in row:
            if cell.tag != tag_c:
                continue
            ref = cell.get("r")
            column = _column_index(_CELL_REF.match(ref).group(1)) if ref else next_column
            next_column = column + 1
            kind = cell.get("t", "n")
            raw = None
            inline = None
            for child in cell:
                if child.tag == tag_v:
                    raw = child.text
                elif child.tag == tag_is:
                    inline = child
            if kind == "s" and raw is not None:
                value: Any = strings[int(raw)]
            elif kind == "inlineStr":
                value = _text_of(inline) if inline is not None else None
            elif kind in ("str", "e"):
                value = raw
            elif kind == "b":
                value = raw == "1" if raw is not None else None
            elif raw is None:
                value = None
            else:
                number_value = float(raw)
                if int(cell.get("s", "0")) in date_styles:
                    value = from_excel(number_value, epoch)
                elif number_value.is_integer() and "E" not in raw and "." not in raw:
                    value = int(raw)
                else:
                    value = number_value
            if value is not None:
                cells[column] = value
        if cells:
            width = max(cells) + 1
            yield number, tuple(cells.get(i) for i in range(width))


def read_rows(content: bytes) -> list[tuple]:
    """Every row of the first sheet from row 1, empty rows included, so a row's position is the
    number Excel shows."""
    try:
        numbered = list(fast_rows(content))
    except (KeyError, ValueError, IndexError, zipfile.BadZipFile, SyntaxError):
        numbered = None
    if numbered is None:
        return _openpyxl_rows(content)
    rows: list[tuple] = []
    for number, values in numbered:
        while len(rows) < number - 1:
            rows.append(())
        rows.append(values)
    return rows


def _openpyxl_rows(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    try:
        return [tuple(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
