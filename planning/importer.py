"""Read a plan from plain text (or a .docx turned into text): header, parts, the tree of phases,
topics and activities, attribute lines, closing, recipients and signature.

Pure Python, no database: ``parse_plan(text)`` returns a ``ParsedPlan`` the preview page shows
and ``services.plan_import`` saves. Everything it could not place is listed in ``unparsed``.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from planning.timewindow import TimeWindow, parse_time_window


class PartKind:
    PURPOSE = "purpose"
    CONTENT = "content"
    FUNDING = "funding"
    IMPLEMENTATION = "implementation"
    OTHER = "other"


class NodeKind:
    PART = "part"
    PHASE = "phase"
    TOPIC = "topic"
    ACTIVITY = "activity"


class PlanKind:
    ANNUAL = "annual"
    PROGRAMME = "programme"
    STRATEGY = "strategy"


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
_ATTRIBUTE = re.compile(r"^(" + "|".join(re.escape(x) for x in _ALL_LABELS) + r")\s*:\s*(.*)$", re.IGNORECASE)

_PART = re.compile(r"^([IVX]{1,4}|[A-H])\.\s+(.+)$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]\s*(\S.*)$|^(\d{1,2}(?:\.\d{1,2})+)\s+(\S.*)$")
_LETTERED = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_ACTIVITY = re.compile(r"^(Hoạt động(?:\s+\d+)?)\s*[:.]\s*(.*)$", re.IGNORECASE)
_SPLIT = re.compile(r"^\+\s*Tại\s+([^:]+):\s*(.*)$", re.IGNORECASE)
_YEAR_ITEM = re.compile(r"^\+\s*(Năm\s+(?:19|20)\d{2}\s*:.*)$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^(.{2,40}?),\s*ngày\s*(\d{0,2})\s*tháng\s*(\d{0,2})\s*năm\s*((?:19|20)\d{2})")
_ATTACHED = re.compile(
    r"Quyết định số\s+(\S+)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})", re.IGNORECASE
)
_QUANTITY = re.compile(
    r"(?<![\d/.,])(\d{1,6})\s+(cuộc|chuyên đề|đợt|lớp|hội nghị|tờ|bảng|hộp|tin|bài|phóng sự|vụ việc|người|buổi)"
    r"\b([^.;:,()]{0,60})",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d{1,3})\s*%\s*([^.;:,()]{0,60})")
_SHARE = re.compile(r"^(\d{1,6})\s+([^\d/()]+?)(?:\s*/\s*(\S+))?$")
_CUT_VERBS = (
    " tham mưu",
    " khảo sát",
    " tổ chức thực hiện",
    " tổ chức đào tạo",
    " tổ chức tổng kết",
    " theo định kỳ",
    " để ",
    " rà soát",
)


@dataclass
class UnitRef:
    name: str
    share: str = ""  # "10 cuộc"
    share_quantity: Decimal | None = None
    share_measure: str = ""


@dataclass
class TargetSpec:
    label: str
    quantity: Decimal
    measure: str  # "cuộc", "chuyên đề", or "%"
    unit_name: str = ""  # a per-unit share of the activity's target

    @property
    def is_percent(self) -> bool:
        return self.measure == "%"


@dataclass
class Node:
    kind: str
    number: str
    title: str
    line: int
    rank: int = 0
    part_kind: str = ""
    text: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)
    lead: list[UnitRef] = field(default_factory=list)
    coordinating: list[UnitRef] = field(default_factory=list)
    lead_text: str = ""
    coordinating_text: str = ""
    time_text: str = ""
    result_text: str = ""
    window: TimeWindow | None = None
    window_inherited: bool = False
    targets: list[TargetSpec] = field(default_factory=list)
    has_attributes: bool = False
    shares_from: Node | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        if self.kind == NodeKind.PART or self.kind == NodeKind.PHASE:
            return f"{self.number}. {self.title}" if self.number else self.title
        if self.number.endswith(")") or self.number.lower().startswith("hoạt động"):
            return f"{self.number} {self.title}".strip()
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def depth(self) -> int:
        depth, parent = 0, self.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        return depth

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedPlan:
    kind: str = PlanKind.ANNUAL
    issuer_parent: str = ""
    issuer: str = ""
    number: str = ""
    place: str = ""
    date_text: str = ""
    issued_on: date | None = None
    document_type: str = "KẾ HOẠCH"
    title: str = ""
    preamble: str = ""
    legal_bases: str = ""
    purpose: str = ""
    funding: str = ""
    implementation: str = ""
    closing: str = ""
    recipients: list[str] = field(default_factory=list)
    signer_authority: str = ""
    signer_name: str = ""
    period_start: date | None = None
    period_end: date | None = None
    parts: list[Node] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)

    def nodes(self) -> Iterator[Node]:
        for part in self.parts:
            yield from part.walk()

    def activities(self) -> list[Node]:
        return [n for n in self.nodes() if n.kind == NodeKind.ACTIVITY]

    def sections(self) -> list[Node]:
        return [n for n in self.nodes() if n.kind != NodeKind.ACTIVITY]

    def unit_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for activity in self.activities():
            for ref in activity.lead + activity.coordinating:
                seen.setdefault(ref.name, None)
        return list(seen)


# --- Reading files ------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes) -> str:
    """The paragraphs of a Word document, one per line (tables row by row, cells joined by tabs)."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ValueError("not a Word .docx file") from exc
    # Python's expat does not fetch external entities; the document comes from a logged-in user.
    root = ElementTree.fromstring(xml)  # noqa: S314
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


def _clean(line: str) -> str:
    """Strip bullets and Markdown-like emphasis: '- *Chủ trì: Phòng Nghiệp vụ*' -> 'Chủ trì: ...'."""
    value = line.replace("\u00a0", " ").strip()
    value = re.sub(r"^[-–•·]\s*", "", value)
    value = value.strip().strip("*_").strip()
    value = value.replace("**", "")
    return " ".join(value.split())


def _is_upper(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _part_kind(title: str) -> str | None:
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


def _split_items(text: str) -> list[str]:
    """Split a list of bodies on ';' and on commas that start a new name (capitalised, or
    'các X' with X capitalised); commas inside parentheses never split."""
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
            if items and not starts_name and not items[-1].endswith(";"):
                items[-1] = f"{items[-1]}, {segment}"
            else:
                items.append(segment)
        if items:
            items[-1] += ";"
    return [item.rstrip(";").strip(" .") for item in items if item.rstrip(";").strip(" .")]


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
    for item in _split_items(text):
        share, qty, measure = "", None, ""
        m = re.search(r"\(([^()]+)\)\s*$", item)
        if m:
            share, qty, measure, _per = _share(m.group(1))
            if qty is not None:
                item = item[: m.start()].strip()
        if common_share and qty is None:
            share, qty, measure = common_share
        name = _strip_listing(item)
        if prefix and name and not name.startswith(prefix):
            name = prefix + name
        if name:
            refs.append(UnitRef(name=name, share=share, share_quantity=qty, share_measure=measure))
    return refs


def _strip_listing(item: str) -> str:
    return " ".join(item.split()).strip(" ,.;:")


def _cut(text: str) -> str:
    low = text.lower()
    positions = [low.find(v) for v in _CUT_VERBS if low.find(v) > 0]
    return text[: min(positions)] if positions else text


def parse_units(text: str, *, coordinating: bool = False) -> tuple[list[UnitRef], list[UnitRef]]:
    """The lead and coordinating bodies of an attribute value, including the inline form
    'Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tham mưu ...'."""
    if coordinating:
        return [], _refs(_cut(text))
    leads: list[UnitRef] = []
    coords: list[UnitRef] = []
    for sentence in re.split(r"(?<=[a-zà-ỹ)])\.\s+(?=[A-ZÀ-Ỹ])", text.strip()):
        m = re.search(r"\s*,?\s*(?:chủ trì\s*,?\s*)?phối hợp(?: với)?\s+", sentence)
        if m:
            lead_part, coord_part = sentence[: m.start()], sentence[m.end() :]
            coords += _refs(_cut(coord_part))
        else:
            lead_part = sentence
        lead_part = re.sub(r"\s*chủ trì\s*$", "", _cut(lead_part).strip().rstrip(","))
        leads += _refs(lead_part)
    return leads, coords


def _unique(refs: list[UnitRef]) -> list[UnitRef]:
    seen: set[str] = set()
    result = []
    for ref in refs:
        if ref.name not in seen:
            seen.add(ref.name)
            result.append(ref)
    return result


def _targets(node: Node) -> list[TargetSpec]:
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


def _year_of_title(title: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", title)]


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.plan = ParsedPlan()
        self.region = "header"
        self.part: Node | None = None
        self.stack: list[Node] = []
        self.last_target: tuple[object, str] | None = None  # (object, attribute) a wrap continues
        self.header_seen_title = False
        self.in_decision = False
        self.header_upper: list[str] = []
        self.signature_lines: list[str] = []

    # -- helpers
    def _append(self, obj, attr: str, value: str, joiner: str = "\n") -> None:
        current = getattr(obj, attr)
        if isinstance(current, list):
            current.append(value)
        else:
            setattr(obj, attr, f"{current}{joiner}{value}" if current else value)
        self.last_target = (obj, attr)

    def _continue(self, value: str) -> bool:
        """A line starting in lower case continues the previous one (a title or paragraph that
        the conversion from Word broke in two)."""
        if not value or not value[0].islower() or self.last_target is None:
            return False
        obj, attr = self.last_target
        current = getattr(obj, attr)
        if isinstance(current, list):
            if not current:
                return False
            current[-1] = f"{current[-1]} {value}"
        else:
            setattr(obj, attr, f"{current} {value}")
        if isinstance(obj, Node) and attr in ("time_text",):
            pass
        return True

    def unparsed(self, number: int, raw: str) -> None:
        self.plan.unparsed.append((number, raw.strip()))

    # -- main loop
    def run(self) -> ParsedPlan:
        for number, raw in enumerate(self.lines, start=1):
            line = _clean(raw)
            if not line or re.fullmatch(r"[-_=.\s]+", line):
                continue
            self.feed(number, raw, line)
        self.finish()
        return self.plan

    def feed(self, number: int, raw: str, line: str) -> None:
        if self.region in ("recipients", "signature"):
            self.feed_closing(number, raw, line)
            return
        if re.match(r"^Nơi nhận\s*:?", line, re.IGNORECASE):
            self.region = "recipients"
            rest = re.sub(r"^Nơi nhận\s*:?\s*", "", line, flags=re.IGNORECASE)
            if rest:
                self.feed_closing(number, raw, rest)
            return
        if re.match(r"^Trên đây là\b", line):
            self.plan.closing = line
            self.last_target = (self.plan, "closing")
            return
        m = _PART.match(line)
        if m and (kind := _part_kind(m.group(2))) and (self.region == "header" or _is_upper(m.group(2))):
            self.open_part(number, m.group(1), m.group(2).rstrip(":"), kind)
            return
        if self.region == "header":
            self.feed_header(number, raw, line)
        elif self.region == PartKind.CONTENT:
            self.feed_content(number, raw, line)
        else:
            if self._continue(line):
                return
            attr = {PartKind.PURPOSE: "purpose", PartKind.FUNDING: "funding"}.get(
                self.region, "implementation"
            )
            self._append(self.plan, attr, line)

    def open_part(self, number: int, numeral: str, title: str, kind: str) -> None:
        self.region = kind
        if kind == PartKind.CONTENT:
            part = Node(kind=NodeKind.PART, number=numeral, title=title, line=number, rank=-1, part_kind=kind)
            self.plan.parts.append(part)
            self.part = part
            self.stack = [part]
            self.last_target = (part, "title")
        else:
            self.last_target = None

    # -- header
    def feed_header(self, number: int, raw: str, line: str) -> None:
        plan = self.plan
        upper = line.upper()
        if (
            upper.startswith("CỘNG HÒA XÃ HỘI")
            or upper.startswith("CỘNG HOÀ XÃ HỘI")
            or (upper.startswith("ĐỘC LẬP") and "TỰ DO" in upper)
        ):
            self.issuer_done()
            return
        if re.match(r"^Số\s*:", line):
            plan.number = re.sub(r"^Số\s*:\s*", "", line).strip()
            self.issuer_done()
            return
        m = _DATE_LINE.match(line)
        if m and not self.header_seen_title:
            plan.place = m.group(1).strip()
            plan.date_text = line
            day, month, year = m.group(2), m.group(3), int(m.group(4))
            if day and month:
                try:
                    plan.issued_on = date(year, int(month), int(day))
                except ValueError:
                    plan.issued_on = None
            self._year_hint = year
            return
        if re.match(r"^QUYẾT ĐỊNH\b", line) and not self.header_seen_title:
            self.in_decision = True
            self._append(plan, "preamble", line)
            return
        m = re.match(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|CHIẾN LƯỢC)\b\s*(.*)$", line)
        if m and (_is_upper(m.group(1)) and (not m.group(2) or m.group(2)[0].isupper())):
            self.in_decision = False
            self.header_seen_title = True
            plan.document_type = m.group(1)
            plan.title = m.group(2).strip()
            self.last_target = (plan, "title")
            self._title_open = not plan.title or _is_upper(plan.title)
            return
        if self.in_decision:
            self._append(plan, "preamble", line)
            return
        if not self.header_seen_title:
            if _is_upper(line) and len(line) < 80:
                self.header_upper.append(line)
                return
            self.unparsed(number, raw)
            return
        m = _ATTACHED.search(line)
        if line.startswith("(") and m:
            plan.number = plan.number or m.group(1)
            with contextlib.suppress(ValueError):
                plan.issued_on = plan.issued_on or date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
            self._append(plan, "preamble", line)
            return
        if getattr(self, "_title_open", False) and _is_upper(line):
            plan.title = f"{plan.title} {line}".strip()
            self.last_target = (plan, "title")
            return
        self._title_open = False
        if self._continue(line):
            return
        self._append(plan, "legal_bases", line)

    def issuer_done(self) -> None:
        lines, self.header_upper = self.header_upper, []
        if not lines or self.plan.issuer:
            return
        if len(lines) >= 2 and re.match(r"^(TỈNH|THÀNH PHỐ|HUYỆN|XÃ)\b", lines[-1]):
            self.plan.issuer = " ".join(lines[-2:])
            self.plan.issuer_parent = " ".join(lines[:-2])
        elif len(lines) >= 2:
            self.plan.issuer_parent = " ".join(lines[:-1])
            self.plan.issuer = lines[-1]
        else:
            self.plan.issuer = lines[0]

    # -- content
    def current(self) -> Node:
        return self.stack[-1]

    def push(self, node: Node) -> None:
        while len(self.stack) > 1 and self.stack[-1].rank >= node.rank:
            self.stack.pop()
        node.parent = self.stack[-1]
        self.stack[-1].children.append(node)
        self.stack.append(node)
        self.last_target = (node, "title")

    def feed_content(self, number: int, raw: str, line: str) -> None:
        m = _PART.match(line)
        if m and re.fullmatch(r"[IVX]{1,4}|[A-H]", m.group(1)):
            self.push(Node(kind=NodeKind.PHASE, number=m.group(1), title=m.group(2).rstrip(":"), line=number))
            return
        m = _ACTIVITY.match(line)
        if m:
            self.push(
                Node(
                    kind=NodeKind.TOPIC, number=m.group(1), title=m.group(2).rstrip(":"), line=number, rank=9
                )
            )
            return
        m = _NUMBERED.match(line)
        if m and not _ATTRIBUTE.match(line):
            numeral, title = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            self.push(
                Node(
                    kind=NodeKind.TOPIC,
                    number=numeral,
                    title=title.rstrip(":"),
                    line=number,
                    rank=numeral.count(".") + 1,
                )
            )
            return
        m = _LETTERED.match(line)
        if m:
            self.push(
                Node(
                    kind=NodeKind.TOPIC,
                    number=f"{m.group(1)})",
                    title=m.group(2).rstrip(":"),
                    line=number,
                    rank=10,
                )
            )
            return
        m = _ATTRIBUTE.match(line)
        if m:
            self.attribute(number, raw, m.group(1).lower(), m.group(2).strip())
            return
        m = _SPLIT.match(raw.strip().strip("*_ "))
        if m:
            node = self.current()
            name, detail = m.group(1).strip(), m.group(2).strip()
            node.lead.append(UnitRef(name=name, share=detail[:200]))
            node.has_attributes = True
            self._append(node, "text", f"+ Tại {name}: {detail}")
            return
        m = _YEAR_ITEM.match(raw.strip())
        if m:
            node = self.current()
            self._append(node, "text", f"+ {m.group(1)}")
            node.time_text = f"{node.time_text} {m.group(1)}".strip() if node.time_text else m.group(1)
            return
        if self._continue(line):
            return
        node = self.current()
        self._append(node, "text", line)

    def attribute(self, number: int, raw: str, label: str, value: str) -> None:
        node = self.current()
        if node.kind == NodeKind.PART:
            self.unparsed(number, raw)
            return
        node.has_attributes = True
        value = value.rstrip()
        if label in LEAD_LABELS:
            node.lead_text = value.rstrip(".")
            leads, coords = parse_units(value)
            node.lead = _unique(node.lead + leads)
            node.coordinating = _unique(node.coordinating + coords)
            self.last_target = (node, "lead_text")
            self._share_back(node, "lead")
        elif label in COORDINATING_LABELS:
            node.coordinating_text = value.rstrip(".")
            node.coordinating = _unique(node.coordinating + parse_units(value, coordinating=True)[1])
            self.last_target = (node, "coordinating_text")
            self._share_back(node, "coordinating")
        elif label in TIME_LABELS:
            node.time_text = value.rstrip(".").strip()
            self.last_target = (node, "time_text")
        else:
            node.result_text = value.rstrip(".").strip()
            self.last_target = (node, "result_text")

    def _share_back(self, node: Node, attr: str) -> None:
        """Attributes written once after a group of sub-items ('a) ... b) ... - Cơ quan thực hiện:')
        belong to the preceding siblings that have none of their own."""
        parent = node.parent
        if parent is None or node.rank < 2:
            return  # top-level topics each carry their own lines
        siblings = parent.children
        index = siblings.index(node)
        for sibling in reversed(siblings[:index]):
            own = sibling.has_attributes and sibling.shares_from is not node
            if own or sibling.children or sibling.kind == NodeKind.PHASE:
                break
            setattr(sibling, attr, list(getattr(node, attr)))
            setattr(sibling, f"{attr}_text", getattr(node, f"{attr}_text"))
            sibling.has_attributes = True
            sibling.shares_from = node

    # -- closing
    def feed_closing(self, number: int, raw: str, line: str) -> None:
        stripped = raw.strip()
        if self.region == "recipients" and (
            stripped.startswith(("-", "–", "+")) or re.match(r"^(Gửi|Như)\b.*:?$", line)
        ):
            self.plan.recipients.append(line.rstrip(";.").strip())
            return
        self.region = "signature"
        if line.startswith("(") and line.endswith(")"):
            return  # "(Đã ký)", "(Ký tên, đóng dấu)"
        if _is_upper(line):
            self.plan.signer_authority = f"{self.plan.signer_authority}\n{line}".strip()
        elif not self.plan.signer_name:
            self.plan.signer_name = line
        else:
            self.unparsed(number, raw)

    # -- finishing
    def finish(self) -> None:
        plan = self.plan
        self.issuer_done()
        years = _year_of_title(plan.title)
        phases = [n for n in plan.nodes() if n.kind == NodeKind.PHASE]
        year_hint = getattr(self, "_year_hint", None) or (plan.issued_on.year if plan.issued_on else None)
        title_upper = plan.title.upper()
        if phases:
            plan.kind = PlanKind.STRATEGY
        elif any(w in title_upper for w in ("CHIẾN LƯỢC", "ĐỀ ÁN", "CHƯƠNG TRÌNH")):
            plan.kind = PlanKind.PROGRAMME
        if plan.kind == PlanKind.STRATEGY:
            first = plan.issued_on.year if plan.issued_on else (min(years) if years else year_hint)
            last = max(years) if years else first
            plan.period_start = plan.issued_on or (date(first, 1, 1) if first else None)
            plan.period_end = date(last, 12, 31) if last else None
        else:
            m = re.search(r"NĂM\s+((?:19|20)\d{2})\s*$", title_upper)
            year = int(m.group(1)) if m else (years[-1] if years else year_hint)
            if year:
                plan.period_start, plan.period_end = date(year, 1, 1), date(year, 12, 31)
        for part in plan.parts:
            self.classify(part, (plan.period_start, plan.period_end))

    def classify(self, node: Node, context: tuple[date | None, date | None]) -> None:
        plan = self.plan
        if node.kind == NodeKind.PHASE:
            phase_window = parse_time_window(node.title, context=(plan.period_start, plan.period_end))
            if phase_window.parsed and (phase_window.start or phase_window.end):
                context = (phase_window.start or context[0], phase_window.end or context[1])
        if node.kind == NodeKind.TOPIC and (node.has_attributes or not node.children):
            node.kind = NodeKind.ACTIVITY
        default_year = (
            plan.period_start.year if plan.period_start and plan.kind != PlanKind.STRATEGY else None
        )
        if node.kind == NodeKind.ACTIVITY:
            if node.time_text:
                node.window = parse_time_window(node.time_text, default_year=default_year, context=context)
                if not node.window.parsed:
                    plan.unparsed.append((node.line, f"{node.number} thời gian: {node.time_text}"))
            else:
                node.window = TimeWindow(
                    start=context[0], end=context[1], parsed=bool(context[0] or context[1])
                )
                node.window_inherited = True
            node.targets = _targets(node)
        for child in node.children:
            self.classify(child, context)


def parse_plan(text: str) -> ParsedPlan:
    return _Parser(text).run()


def describe_activity(node: Node) -> str:
    """One line of ``import_plan``: number, title, lead, coordinating, time window."""
    lead = ", ".join(ref.name for ref in node.lead) or "-"
    coordinating = ", ".join(ref.name for ref in node.coordinating) or "-"
    window = node.window or TimeWindow()
    words = node.time_text or "(inherited)"
    parsed = window.describe() if window.parsed else "NOT UNDERSTOOD"
    return f"{node.number} | {node.title} | lead: {lead} | coordinating: {coordinating} | time: {words} → {parsed}"
