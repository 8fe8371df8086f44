"""Reading the dashboard's three outputs (the screen's tiles, the PDF's text, the spreadsheet's
rows) and checking them against the hand-counted figures of ``dashboard_world``."""

from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser

from openpyxl import load_workbook
from pypdf import PdfReader

from legalaid import indicators
from legalaid.tests.dashboard_world import change


def vietnamese_number(text: str) -> float:
    """'66,7' -> 66.7, '1.165' -> 1165, '+100%' -> 100 (Vietnamese separators)."""
    cleaned = text.strip().rstrip("%").lstrip("+").replace(".", "").replace(",", ".")
    return float(cleaned)


class _Tiles(HTMLParser):
    """Collect each tile's label, figure, meta line and link from the dashboard page."""

    def __init__(self) -> None:
        super().__init__()
        self.tiles: dict[str, dict] = {}
        self._key: str | None = None
        self._depth = 0
        self._part: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "div" and "data-indicator" in attributes:
            self._key = attributes["data-indicator"]
            self.tiles[self._key] = {"label": "", "figure": "", "meta": "", "href": None}
            self._depth = 1
            return
        if self._key is None:
            return
        if tag == "div":
            self._depth += 1
            if attributes.get("class") in ("label", "figure", "meta"):
                self._part = attributes["class"]
        if tag == "a" and self._part == "figure":
            self.tiles[self._key]["href"] = attributes.get("href")

    def handle_endtag(self, tag):
        if self._key is not None and tag == "div":
            self._depth -= 1
            self._part = None if self._depth <= 1 else self._part
            if self._depth == 0:
                self._key = None

    def handle_data(self, data):
        if self._key is not None and self._part:
            self.tiles[self._key][self._part] += data


def screen_tiles(html: str) -> dict[str, dict]:
    """key -> {value, previous, target, change, label, href} as the official reads them."""
    parser = _Tiles()
    parser.feed(html)
    read = {}
    for key, tile in parser.tiles.items():
        meta = " ".join(tile["meta"].split())
        previous = re.search(r"Cùng kỳ năm trước: ([\d.,]+)", meta)
        target = re.search(r"Chỉ tiêu: ([\d.,]+)", meta)
        moved = re.search(r"\(([+-]?\d+)%\)", meta)
        read[key] = {
            "label": " ".join(tile["label"].split()),
            "value": vietnamese_number(tile["figure"]),
            "previous": vietnamese_number(previous.group(1)),
            "target": vietnamese_number(target.group(1)) if target else None,
            "change": int(moved.group(1)) if moved else None,
            "href": tile["href"],
        }
    return read


UNIT_LABELS = {"count": "mục", "people": "người", "percent": "%"}


def is_percent(key: str) -> bool:
    return indicators.get(key).unit == "percent"


def without_planning(keys) -> set[str]:
    return {key for key in keys if not key.startswith("planning.")}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_number(value) -> str:
    """A figure as the PDF prints it: a decimal comma, no decimals when whole."""
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def xlsx_rows(content: bytes) -> tuple[list[tuple], dict[str, tuple]]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Phần của bảng điều hành")
    return rows[:header], {row[1]: row for row in rows[header + 1 :]}


# --- The three outputs agree with the hand count -----------------------------------------------


def check_screen(html: str, expected: dict) -> dict[str, dict]:
    tiles = screen_tiles(html)
    assert without_planning(tiles) == set(expected), "a tile was added or lost: count it by hand here"
    for key, (value, previous, target) in expected.items():
        tile = tiles[key]
        assert (tile["value"], tile["previous"], tile["target"]) == (value, previous, target), key
        moved = change(value, previous)
        assert tile["change"] == (None if moved is None else round(moved)), key
    return tiles


def check_pdf(text: str, screen: dict[str, dict], expected: dict) -> None:
    for key, (value, previous, target) in expected.items():
        unit = "%" if is_percent(key) else ""
        cells = [pdf_number(value) + unit]
        if target is not None:
            cells.append(pdf_number(target) + unit)
        cells.append(pdf_number(previous) + unit)
        # one row of the table: "<n>.<m> <label> <figure> [<target>] <last year>"
        row = f"{screen[key]['label']} {' '.join(cells)}"
        assert row in text, f"{key}: {row!r} not in the PDF"
