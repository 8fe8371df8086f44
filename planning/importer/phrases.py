"""Who leads and who coordinates, read from the phrases plans and directives write them in.

- "X chủ trì, phối hợp với Y …", "X làm đầu mối", "X chịu trách nhiệm", "X có trách nhiệm",
  "X thực hiện", "X phối hợp với Y" (Y coordinates), "Giao X …", "Đề nghị X …";
- a person's title in front of a unit names the unit: "Giám đốc Trung tâm … làm đầu mối" is the
  Centre, "Trưởng phòng Nghiệp vụ" the Phòng Nghiệp vụ;
- a name stays whole: a comma or "và" inside it ("Sở Văn hóa, Thể thao và Du lịch", "Đài Phát
  thanh và Truyền hình") does not split it; "và" before another body ("Sở Tư pháp và UBND các
  huyện") does.

Attribute lines ("Chủ trì: …") name bodies whatever they are called; a title or a directive's
task ("2. Sở Nội vụ chủ trì phối hợp với …") is read ``strict``ly: its subject must begin like a
body's name and contain no action, or nobody is read from it.
"""

from __future__ import annotations

import re

_WORD_END = r"(?![\wÀ-ỹ])"

# The words a body's name begins with (any case: directives write "sở Tư pháp").
UNIT_HEADS = (
    "Sở",
    "Phòng",
    "Trung tâm",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "Đài",
    "Báo",
    "Hội",
    "Hội đồng",
    "Đoàn",
    "Tỉnh đoàn",
    "Ban",
    "Công an",
    "Tòa án",
    "Toà án",
    "TAND",
    "Viện",
    "VKSND",
    "Bộ",
    "Bộ Chỉ huy",
    "Bộ đội",
    "Cục",
    "Chi cục",
    "Chi nhánh",
    "Liên đoàn",
    "Liên minh",
    "Mặt trận",
    "Văn phòng",
    "Kho bạc",
    "Bảo hiểm",
    "Thanh tra",
    "Ngân hàng",
    "Trợ giúp viên",
    "Luật sư",
    "Cộng tác viên",
    "Người thực hiện",
    "Tổ",
    "Trường",
    "Bệnh viện",
    "Trại giam",
    "Cơ quan",
    "Đơn vị",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Huyện ủy",
    "Thành ủy",
    "Đồn",
    "Quỹ",
    "Hợp tác xã",
    "Tổng cục",
)
# Words that begin like a body but are not one.
_NOT_A_UNIT = re.compile(
    r"^(?:Tổ chức|Ban hành|Hội nghị|Hội thảo|Hội thi|Bộ luật|Bộ tiêu chuẩn|Báo cáo|Phòng ngừa|Phòng,? chống"
    r"|Đoàn kết|Trường hợp|Cơ quan,? đơn vị phối hợp)" + _WORD_END,
    re.IGNORECASE,
)
_HEADS = "|".join(re.escape(h) for h in sorted(UNIT_HEADS, key=len, reverse=True))
_HEAD = re.compile(
    r"^(?:(?:các|những)\s+)?(?:" + _HEADS + r")" + _WORD_END,
    re.IGNORECASE,
)
# A person's title in front of the unit they head.
_PERSON = re.compile(
    r"^(?:(?:Phó\s+)?(?:Giám đốc|Chủ tịch|Thủ trưởng|Lãnh đạo|Chánh án|Chánh|Viện trưởng|Cục trưởng|Bí thư"
    r"|Người đứng đầu|Trưởng))\s+",
    re.IGNORECASE,
)
PERSON_TITLE = re.compile(
    r"^(?:Phó\s+)?(?:Giám đốc|Chủ tịch|Thủ trưởng|Lãnh đạo|Chánh án|Viện trưởng|Cục trưởng|Bí thư"
    r"|Trưởng phòng|Trưởng ban)" + _WORD_END,
    re.IGNORECASE,
)
# "Giao X …", "Đề nghị X …": X is asked to do the task.
_GIVEN = re.compile(r"^(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu)\s+", re.IGNORECASE)
# "… chủ trì", "… làm đầu mối", …: the words before are the lead.
_LEAD_MARK = re.compile(
    r"(?:^|\s*,?\s+)(?:chủ trì|chủ trù|làm đầu mối|là đầu mối|làm cơ quan đầu mối|là cơ quan đầu mối"
    r"|chịu trách nhiệm|có trách nhiệm|thực hiện(?!\s+(?:TGPL|trợ giúp pháp lý|công tác)))" + _WORD_END,
    re.IGNORECASE,
)
# "… phối hợp với Y": the words after are the coordinating bodies ("Hội đồng phối hợp" is a name).
_COORD_MARK = re.compile(
    r"(?:^|\s*,?\s*)(?:(?:chủ trì|chủ trù|làm đầu mối)\s*,?\s*)?(?<!Hội đồng )(?<!chế )phối hợp"
    r"(?:\s+chặt chẽ)?(?:\s+với)?" + _WORD_END + r"[\s,]*",
    re.IGNORECASE,
)
# An action begins: the name before it has ended.
_ACTION = re.compile(
    r"(?:\s(?:xây dựng|hướng dẫn|bố trí|triển khai|theo dõi|đôn đốc|kiểm tra|báo cáo|ban hành|tuyên truyền"
    r"|phổ biến|tạo điều kiện|xúc tiến|thành lập|kiện toàn|nâng cao|đảm bảo|bảo đảm|giải quyết|nghiên cứu"
    r"|tiếp nhận|biên soạn|tập huấn|bồi dưỡng|đánh giá|thực hiện(?!\s+(?:TGPL|trợ giúp pháp lý|công tác)))"
    r"|(?<!Ban)\schỉ đạo|(?<!,)(?<!các)(?<!những)(?<!và)\stổ chức"
    r"(?!\s+(?:hữu quan|thành viên|chính trị|đoàn thể|xã hội|liên quan|có liên quan|đại diện)))" + _WORD_END
)
# The words the first importer already ended a name at (any case).
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
_AND_UNIT = re.compile(r"\s+và\s+(?=(?:các|những)\s|" + _HEAD.pattern[1:] + ")", re.IGNORECASE)
# "Sở Văn hóa, Thể thao và Du lịch": the field names after the comma belong to the same body.
_FIELD_TAIL = re.compile(r"^[A-ZÀ-Ỹ][^,;()]{0,40}\s+và\s+[A-ZÀ-Ỹ][^,;()]*$")


def starts_like_unit(text: str) -> bool:
    text = text.strip()
    return bool(_HEAD.match(text)) and not _NOT_A_UNIT.match(text)


def action_at(text: str) -> int:
    """Where the first action word is in ``text`` (-1 when none)."""
    low = text.lower()
    positions = [low.find(v) for v in _CUT_VERBS if low.find(v) > 0]
    if m := _ACTION.search(text):
        positions.append(m.start())
    return min(positions) if positions else -1


def unit_name(item: str) -> str:
    """The body an item names: a person's title before a body dropped ('Giám đốc Trung tâm TGPL'
    -> 'Trung tâm TGPL'), a body word written in lower case capitalised ('sở Tư pháp')."""
    item = " ".join(item.split()).strip(" ,.;:")
    m = _PERSON.match(item)
    if m and starts_like_unit(item[m.end() :]):
        item = item[m.end() :]
    words = item.split(" ", 1)
    if item and item[0].islower() and words[0].lower() not in ("các", "những") and starts_like_unit(item):
        item = item[0].upper() + item[1:]
    return item


def field_tail(segment: str) -> bool:
    """'Thể thao và Du lịch' after 'Sở Văn hóa,' continues the department's name."""
    return bool(_FIELD_TAIL.match(segment.strip())) and not starts_like_unit(segment)


def split_on_and(item: str) -> list[str]:
    """'Sở Tư pháp và UBND các huyện' -> two bodies; 'Đài Phát thanh và Truyền hình' one."""
    return [part for part in _AND_UNIT.split(item) if part.strip()]


def roles(text: str, *, strict: bool) -> tuple[str, str]:
    """The lead's words and the coordinating bodies' words of one sentence.

    ``strict``: the sentence is a title or a task, and a lead is read only from a subject that
    begins like a body and holds no action; otherwise (an attribute line) everything before the
    markers is the lead, as written."""
    sentence = text.strip()
    given = _GIVEN.match(sentence)
    if given:
        sentence = sentence[given.end() :]
    coord = _COORD_MARK.search(sentence)
    head = sentence[: coord.start()] if coord else sentence
    coord_text = ""
    if coord:
        coord_text = sentence[coord.end() :]
        cut = action_at(coord_text)
        if cut > 0:
            coord_text = coord_text[:cut]
        if strict and not starts_like_unit(coord_text):
            coord_text = ""
    mark = _LEAD_MARK.search(head)
    if mark:
        head = head[: mark.start()]
    elif strict and not given and not coord:
        return "", coord_text
    cut = action_at(head)
    if cut >= 0 and (given or not strict):
        head = head[:cut]
    head = head.strip().rstrip(",")
    if strict:
        subject = _PERSON.sub("", head) if _PERSON.match(head) else head
        if not starts_like_unit(subject) or action_at(head) >= 0 or len(head) > 120:
            head = ""
    return head, coord_text.strip().rstrip(",")
