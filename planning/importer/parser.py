"""The plan's text read line by line into a ``ParsedPlan``: header, parts, the tree of phases,
topics and activities, attribute lines, closing, recipients and signature. Everything it could
not place is listed in ``unparsed`` with its line number."""

from __future__ import annotations

import contextlib
import re
from datetime import date

from planning.importer.document import Node, NodeKind, ParsedPlan, PartKind, PlanKind, UnitRef
from planning.importer.lines import (
    ACTIVITY_LINE,
    ATTACHED_DECISION,
    ATTRIBUTE_LINE,
    COORDINATING_LABELS,
    DATE_LINE,
    LEAD_LABELS,
    LETTERED_LINE,
    NUMBERED_LINE,
    PART_LINE,
    SPLIT_LINE,
    TIME_LABELS,
    YEAR_ITEM_LINE,
    clean_line,
    is_upper,
    parse_units,
    part_kind_of,
    read_roles,
    targets_of,
    unique_refs,
    years_in_title,
)
from planning.timewindow import TimeWindow, parse_time_window

DIRECTIVE_LINE = re.compile(r"^CHỈ THỊ\b(?:\s+(?:CỦA\s+)?(.*))?$")
DIRECTIVE_CLOSING = re.compile(r"^Nhận được Chỉ thị này\b", re.IGNORECASE)


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
        self.directive = False  # a "CHỈ THỊ": numbered tasks after its reasons, no parts

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
            line = clean_line(raw)
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
        if self.directive and self.region == PartKind.CONTENT and DIRECTIVE_CLOSING.match(line):
            self.region = PartKind.IMPLEMENTATION
            self.last_target = None
        m = PART_LINE.match(line)
        if m and (kind := part_kind_of(m.group(2))) and (self.region == "header" or is_upper(m.group(2))):
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
        m = DATE_LINE.match(line)
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
        m = DIRECTIVE_LINE.match(line)
        if m and not self.header_seen_title:
            self.header_seen_title = self.directive = True
            plan.document_type = "CHỈ THỊ"
            if m.group(1) and not plan.issuer:
                plan.issuer = m.group(1).strip()
            self._title_open = True
            return
        if self.directive and not plan.title and re.match(r"^(Về việc|V/v)\b", line):
            plan.title = line
            self.last_target = (plan, "title")
            self._title_open = False
            return
        if self.directive and (m := NUMBERED_LINE.match(line)) and (m.group(1) or "").isdigit():
            self.open_tasks()
            self.feed_content(number, raw, line)
            return
        m = re.match(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|CHIẾN LƯỢC)\b\s*(.*)$", line)
        if m and (is_upper(m.group(1)) and (not m.group(2) or m.group(2)[0].isupper())):
            self.in_decision = False
            self.header_seen_title = True
            plan.document_type = m.group(1)
            plan.title = m.group(2).strip()
            self.last_target = (plan, "title")
            self._title_open = not plan.title or is_upper(plan.title)
            return
        if self.in_decision:
            self._append(plan, "preamble", line)
            return
        if not self.header_seen_title:
            if is_upper(line) and len(line) < 80:
                self.header_upper.append(line)
                return
            self.unparsed(number, raw)
            return
        m = ATTACHED_DECISION.search(line)
        if line.startswith("(") and m:
            plan.number = plan.number or m.group(1)
            with contextlib.suppress(ValueError):
                plan.issued_on = plan.issued_on or date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
            self._append(plan, "preamble", line)
            return
        if getattr(self, "_title_open", False) and is_upper(line):
            plan.title = f"{plan.title} {line}".strip()
            self.last_target = (plan, "title")
            return
        self._title_open = False
        if self._continue(line):
            return
        self._append(plan, "legal_bases", line)

    def open_tasks(self) -> None:
        """A directive's first numbered task opens its content; the heading is the sentence that
        introduces the tasks ('UBND tỉnh Chỉ thị:'), as the directive writes it."""
        intro = self.plan.legal_bases.rsplit("\n", 1)[-1]
        title = re.split(r"(?<=[.;])\s+", intro)[-1].strip().rstrip(":").strip()
        if not intro.rstrip().endswith(":") or len(title) > 80:
            title = "CHỈ THỊ"
        part = Node(kind=NodeKind.PART, number="", title=title, line=0, rank=-1, part_kind=PartKind.CONTENT)
        self.plan.parts.append(part)
        self.part = part
        self.stack = [part]
        self.region = PartKind.CONTENT

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
        m = PART_LINE.match(line)
        if m and re.fullmatch(r"[IVX]{1,4}|[A-H]", m.group(1)):
            self.push(Node(kind=NodeKind.PHASE, number=m.group(1), title=m.group(2).rstrip(":"), line=number))
            return
        m = ACTIVITY_LINE.match(line)
        if m:
            self.push(
                Node(
                    kind=NodeKind.TOPIC, number=m.group(1), title=m.group(2).rstrip(":"), line=number, rank=9
                )
            )
            return
        m = NUMBERED_LINE.match(line)
        if m and not ATTRIBUTE_LINE.match(line):
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
        m = LETTERED_LINE.match(line)
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
        m = ATTRIBUTE_LINE.match(line)
        if m:
            self.attribute(number, raw, m.group(1).lower(), m.group(2).strip())
            return
        m = SPLIT_LINE.match(raw.strip().strip("*_ "))
        if m:
            node = self.current()
            name, detail = m.group(1).strip(), m.group(2).strip()
            node.lead.append(UnitRef(name=name, share=detail[:200]))
            node.has_attributes = True
            self._append(node, "text", f"+ Tại {name}: {detail}")
            return
        m = YEAR_ITEM_LINE.match(raw.strip())
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
            node.lead = unique_refs(node.lead + leads)
            node.coordinating = unique_refs(node.coordinating + coords)
            self.last_target = (node, "lead_text")
            self._share_back(node, "lead")
        elif label in COORDINATING_LABELS:
            node.coordinating_text = value.rstrip(".")
            node.coordinating = unique_refs(node.coordinating + parse_units(value, coordinating=True)[1])
            self.last_target = (node, "coordinating_text")
            self._share_back(node, "coordinating")
        elif label in TIME_LABELS:
            node.time_text = value.rstrip(".").strip()
            node.time_line = number
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
        if is_upper(line):
            self.plan.signer_authority = f"{self.plan.signer_authority}\n{line}".strip()
        elif not self.plan.signer_name:
            self.plan.signer_name = line
        else:
            self.unparsed(number, raw)

    # -- finishing
    def finish(self) -> None:
        plan = self.plan
        self.issuer_done()
        years = years_in_title(plan.title)
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
                    plan.unparsed.append(
                        (node.time_line or node.line, f"{node.number} thời gian: {node.time_text}")
                    )
            else:
                node.window = TimeWindow(
                    start=context[0], end=context[1], parsed=bool(context[0] or context[1])
                )
                node.window_inherited = True
            node.targets = targets_of(node)
            if not node.lead:
                self.roles_from_titles(node)
        for child in node.children:
            self.classify(child, context)

    def roles_from_titles(self, node: Node) -> None:
        """An activity without a lead line names its bodies in its own words ('2. Sở Nội vụ chủ trì
        phối hợp với Sở Tư pháp …'), or takes the lead its heading names ('1. Sở Tư pháp có trách
        nhiệm.' over 'a) … b) …')."""
        leads, coords = read_roles(node.title, strict=True)
        if not node.coordinating:
            node.coordinating = unique_refs(coords)
        parent = node.parent
        while not leads and parent is not None and parent.kind == NodeKind.TOPIC:
            leads = parent.lead or read_roles(parent.title, strict=True)[0]
            parent = parent.parent
        node.lead = unique_refs(leads)


def parse_plan(text: str) -> ParsedPlan:
    return _Parser(text).run()
