"""Reading the pieces of a plan's text: a Word file's paragraphs, one line cleaned of its
bullets, the labels of attribute lines, and the bodies and figures written in a line.

The patterns are those of the plans Vietnamese legal-aid centres really write (seeds in
``planning/tests/seeds``); the tree they build is ``planning.importer.parser``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from decimal import Decimal
from xml.etree import ElementTree

from legalaid.refusal import Refusal
from legalaid.uploads import check_upload, max_uncompressed_bytes, read_error
from planning.importer.document import Node, PartKind, TargetSpec, UnitRef
from planning.importer.phrases import action_at, field_tail, roles, split_on_and, unit_name

LEAD_LABELS = (
    "chủ trì",
    "đơn vị chủ trì",
    "cơ quan chủ trì",
    "thực hiện",
    "đơn vị thực hiện",
    "cơ quan thực hiện",
    "phân công đơn vị thực hiện",
    "phân công thực hiện",
    "đơn vị thực hiện chính",
)
COORDINATING_LABELS = ("phối hợp", "cơ quan phối hợp", "đơn vị phối hợp", "cơ quan, đơn vị phối hợp")
TIME_LABELS = ("thời gian thực hiện", "thời gian", "thời hạn", "thời hạn hoàn thành", "tiến độ thực hiện")
RESULT_LABELS = ("kết quả thực hiện", "kết quả", "kết quả dự kiến", "sản phẩm", "sản phẩm đầu ra")
_ALL_LABELS = sorted(LEAD_LABELS + COORDINATING_LABELS + TIME_LABELS + RESULT_LABELS, key=len, reverse=True)
ATTRIBUTE_LINE = re.compile(
    r"^(" + "|".join(re.escape(x) for x in _ALL_LABELS) + r")\s*:\s*(.*)$", re.IGNORECASE
)

PART_LINE = re.compile(r"^([IVX]{1,4}|[A-H])\.\s+(.+)$")
NUMBERED_LINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]\s*(\S.*)$|^(\d{1,2}(?:\.\d{1,2})+)\s+(\S.*)$")
LETTERED_LINE = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
ACTIVITY_LINE = re.compile(r"^(Hoạt động(?:\s+\d+)?)\s*[:.]\s*(.*)$", re.IGNORECASE)
SPLIT_LINE = re.compile(r"^\+\s*Tại\s+([^:]+):\s*(.*)$", re.IGNORECASE)
YEAR_ITEM_LINE = re.compile(r"^\+\s*(Năm\s+(?:19|20)\d{2}\s*:.*)$", re.IGNORECASE)
DATE_LINE = re.compile(r"^(.{2,40}?),\s*ngày\s*(\d{0,2})\s*tháng\s*(\d{0,2})\s*năm\s*((?:19|20)\d{2})")
ATTACHED_DECISION = re.compile(
    r"Quyết định số\s+(\S+)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", re.IGNORECASE
)
_QUANTITY = re.compile(
    r"(?<![\d/.,])(\d{1,6})\s+"
    r"(cuộc|chuyên đề|đợt|lớp|hội nghị|tờ|bảng|hộp|tin|bài|phóng sự|vụ việc|người|buổi)"
    r"\b([^.;:,()]{0,60})",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d{1,3})\s*%\s*([^.;:,()]{0,60})")
_SHARE = re.compile(r"^(\d{1,6})\s+([^\d/()]+?)(?:\s*/\s*(\S+))?$")


# --- Reading files ------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes, *, name: str = "") -> str:
    """The paragraphs of a Word document, one per line (tables row by row, cells joined by tabs).

    The file is measured before anything is inflated (``legalaid.uploads.check_upload``: a real
    .docx, its declared unpacked size and part count within the settings' limits); a damaged
    part or malformed XML is a Vietnamese ``Refusal`` naming the file, never an exception."""
    check_upload(data, kinds=("docx",), name=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > max_uncompressed_bytes():
                raise Refusal(read_error(name, "docx"), field="file")
            xml = archive.read(info)
        # Python's expat does not fetch external entities; the document comes from a logged-in user.
        root = ElementTree.fromstring(xml)  # noqa: S314
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError) as exc:
        # ElementTree.ParseError is a SyntaxError; zlib errors are OSError or zlib.error.
        raise Refusal(read_error(name, "docx"), field="file") from exc
    except (ElementTree.ParseError, zlib.error) as exc:
        raise Refusal(read_error(name, "docx"), field="file") from exc
    lines: list[str] = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


# --- Parsing ------------------------------------------------------------------------------------


def clean_line(line: str) -> str:
    """Strip bullets and Markdown-like emphasis: '- *Chủ trì: Phòng Nghiệp vụ*' -> 'Chủ trì: ...'."""
    value = line.replace("\u00a0", " ").strip()
    value = re.sub(r"^[-–•·]\s*", "", value)
    value = value.strip().strip("*_").strip()
    value = value.replace("**", "")
    return " ".join(value.split())


def is_upper(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def part_kind_of(title: str) -> str | None:
    upper = title.upper()
    if "MỤC ĐÍCH" in upper:
        return PartKind.PURPOSE
    if "KINH PHÍ" in upper:
        return PartKind.FUNDING
    if "TỔ CHỨC THỰC HIỆN" in upper and "NỘI DUNG" not in upper:
        return PartKind.IMPLEMENTATION
    if any(word in upper for word in ("NỘI DUNG", "NHIỆM VỤ", "HOẠT ĐỘNG", "GIẢI PHÁP")):
        return PartKind.CONTENT
    return None


def _split_items(text: str, *, prefix: str = "") -> list[str]:
    """Split a list of bodies on ';', on commas that start a new name (capitalised, or 'các X'
    with X capitalised) and on 'và' before a body; commas inside parentheses never split, nor
    those inside a department's name ('Sở Văn hóa, Thể thao và Du lịch')."""
    items: list[str] = []
    for chunk in _split_outside_parens(text, ";"):
        segments = _split_outside_parens(chunk, ",")
        for segment in segments:
            segment = segment.strip()
            if not segment:
                continue
            words = segment.split()
            starts_name = (
                segment[0].isupper()
                or segment[0].isdigit()
                or (words[0].lower() in ("các", "những") and len(words) > 1 and words[1][:1].isupper())
            )
            joins = not starts_name or (not prefix and field_tail(segment))
            if items and joins and not items[-1].endswith(";"):
                items[-1] = f"{items[-1]}, {segment}"
            else:
                items.append(segment)
        if items:
            items[-1] += ";"
    names = [item.rstrip(";").strip(" .") for item in items if item.rstrip(";").strip(" .")]
    return [part.strip(" .") for name in names for part in split_on_and(name)]


def _split_outside_parens(text: str, separator: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _share(text: str) -> tuple[str, Decimal | None, str, bool]:
    """'10 cuộc/phòng' -> ('10 cuộc', 10, 'cuộc', True: per unit); '01 chuyên đề' -> one unit's."""
    m = _SHARE.match(text.strip().rstrip("."))
    if not m:
        return "", None, "", False
    measure = m.group(2).strip()
    return f"{int(m.group(1)):02d} {measure}", Decimal(m.group(1)), measure, bool(m.group(3))


def _refs(text: str) -> list[UnitRef]:
    text = text.strip().rstrip(".")
    common_share = None
    m = re.search(r"\(([^()]*\d[^()]*/[^()]*)\)\s*$", text)  # "(10 cuộc/phòng)" shared by all
    if m:
        share, qty, measure, per_unit = _share(m.group(1))
        if qty is not None and per_unit:
            common_share = (share, qty, measure)
            text = text[: m.start()].strip()
    prefix = ""
    if m := re.match(r"^các Sở\s*:\s*", text):  # "các Sở: Kế hoạch Đầu tư, Xây dựng, Tài chính"
        prefix, text = "Sở ", text[m.end() :]
    refs = []
    for item in _split_items(text, prefix=prefix):
        share, qty, measure = "", None, ""
        m = re.search(r"\(([^()]+)\)\s*$", item)
        if m:
            share, qty, measure, _per = _share(m.group(1))
            if qty is not None:
                item = item[: m.start()].strip()
        if common_share and qty is None:
            share, qty, measure = common_share
        name = unit_name(_strip_listing(item))
        if prefix and name and not name.startswith(prefix):
            name = prefix + name
        if name:
            refs.append(UnitRef(name=name, share=share, share_quantity=qty, share_measure=measure))
    return refs


def _strip_listing(item: str) -> str:
    return " ".join(item.split()).strip(" ,.;:")


def _cut(text: str) -> str:
    action = action_at(text)
    return text[:action] if action > 0 else text


def parse_units(text: str, *, coordinating: bool = False) -> tuple[list[UnitRef], list[UnitRef]]:
    """The lead and coordinating bodies of an attribute value, including the inline form
    'Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tham mưu ...'."""
    if coordinating:
        return [], _refs(_cut(text))
    return read_roles(text, strict=False)


def read_roles(text: str, *, strict: bool) -> tuple[list[UnitRef], list[UnitRef]]:
    """The lead and coordinating bodies of each sentence of ``text``
    (``planning.importer.phrases.roles``; ``strict`` for a title or a directive's task)."""
    leads: list[UnitRef] = []
    coords: list[UnitRef] = []
    for sentence in re.split(r"(?<=[a-zà-ỹ)])\.\s+(?=[A-ZÀ-Ỹ])", text.strip()):
        lead_part, coord_part = roles(sentence, strict=strict)
        if coord_part:
            coords += _refs(_cut(coord_part))
        leads += _refs(_cut(lead_part).strip().rstrip(","))
    return leads, coords


def unique_refs(refs: list[UnitRef]) -> list[UnitRef]:
    seen: set[str] = set()
    result = []
    for ref in refs:
        if ref.name not in seen:
            seen.add(ref.name)
            result.append(ref)
    return result


def targets_of(node: Node) -> list[TargetSpec]:
    specs: list[TargetSpec] = []
    text = " ".join([node.title, *node.text])
    m = _QUANTITY.search(text)
    if m:
        label = " ".join(f"{m.group(1)} {m.group(2)} {m.group(3)}".split())
        specs.append(TargetSpec(label=label, quantity=Decimal(m.group(1)), measure=m.group(2).lower()))
    m = _PERCENT.search(text)
    if m and 0 < int(m.group(1)) <= 100:
        label = " ".join(f"{m.group(1)}% {m.group(2)}".split())
        specs.append(TargetSpec(label=label, quantity=Decimal(m.group(1)), measure="%"))
    for ref in node.lead:
        if ref.share_quantity is not None:
            specs.append(
                TargetSpec(
                    label=ref.share,
                    quantity=ref.share_quantity,
                    measure=ref.share_measure,
                    unit_name=ref.name,
                )
            )
    return specs


def years_in_title(title: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", title)]
