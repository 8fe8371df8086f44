"""What an import found and did, told three ways: a Vietnamese summary for people, one line per
invalid cell naming the spreadsheet's row and column, and a plain dict for scripts (``--json``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from legalaid.commands import number
from staffing.importer.reading import Sheet, SheetRow


@dataclass
class ImportResult:
    sheet: Sheet | None
    rows: list[SheetRow]
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def invalid_rows(self) -> list[SheetRow]:
        return [r for r in self.rows if r.errors]

    @property
    def invalid(self) -> int:
        return len(self.invalid_rows)

    def summary_line(self) -> str:
        return _(
            "New: %(new)s, updated: %(updated)s, unchanged: %(unchanged)s, invalid rows: %(invalid)s"
        ) % {
            "new": number(self.new),
            "updated": number(self.updated),
            "unchanged": number(self.unchanged),
            "invalid": number(self.invalid),
        }

    def errors(self) -> list[dict[str, Any]]:
        """Every problem: the spreadsheet's row number, the column's heading as the file writes
        it, and the message."""
        return [
            {"row": row.number, "column": column, "message": message}
            for row in self.invalid_rows
            for column, message in row.errors
        ]

    def error_lines(self) -> list[str]:
        return [_("Row %(row)s, column “%(column)s”: %(message)s") % error for error in self.errors()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "errors": self.errors(),
        }
