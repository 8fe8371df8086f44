"""What the importer reads a plan into: the plan's header, parts and closing (``ParsedPlan``),
the tree of phases, topics and activities (``Node``), the bodies named for an activity
(``UnitRef``) and the figures it promises (``TargetSpec``). Plain data, no database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planning.timewindow import TimeWindow


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
    time_line: int = 0  # the line the time was written on, for the messages about it
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
