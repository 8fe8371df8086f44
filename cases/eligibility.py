"""Whether what is recorded about a person contradicts a beneficiary category on a date.

Law 11/2017 art. 7 (DOMAIN.md §2) names some categories by age, ethnicity or residence: a
child is under 16 (Law on Children), the juvenile categories run from the 16th birthday to the
day before the 18th, the elderly are 60 and over, and the ethnic-minority category needs a
group other than Kinh living in a commune on the list of extremely disadvantaged communes on
that date. ``CHECKS`` maps a category code to the checks of its conditions; a category not
in it (poor household, person with merit, HIV…) is proven by papers only.

A check contradicts only what is known: no date of birth, no ethnicity or no commune recorded
means nothing to contradict. An anonymised person's date of birth is rounded to 1 July of the
year (``cases.services.privacy``), so it is treated as unknown.

The intake service refuses a contradicted category unless the clerk writes why the proof papers
say otherwise; ``manage.py check_records`` lists the cases whose data contradicts them.

Some categories also name the beneficiary's procedural role (``ROLES``): the accused of the old
khoản 5 and of khoản 6, the victims of point 7đ, the eight roles of the new khoản 5 (Law
59/2024/QH15). That role is recorded on the case, not proven by papers against the data: the
intake service refuses a case whose role does not fit, with no override.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.utils.translation import gettext as _

from legalaid.models import BeneficiaryCategory

from .models import Beneficiary, Case

# ``Refusal.code`` of a category the data contradicts: the intake page then offers the reason.
CONTRADICTED = "category_contradicted"
# ``Refusal.code`` of a category the case's procedural role does not fit.
ROLE_UNFIT = "role_unfit"

Check = Callable[[BeneficiaryCategory, Beneficiary, date, bool], "str | None"]

CHILD_UNTIL = 16  # Luật Trẻ em 2016, art. 1: a child is under 16
JUVENILE = (16, 18)  # "từ đủ 16 tuổi đến dưới 18 tuổi"
ELDERLY_FROM = 60  # Luật Người cao tuổi 2009, art. 2


def age_on(born: date, on: date) -> int:
    """Full years of age on ``on``: the birthday itself counts (someone born 04/05/2010 is 16
    on 04/05/2026, 15 the day before). Born on 29 February: a year older on 1 March."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _known_birth(person: Beneficiary) -> date | None:
    return None if person.anonymised_on else person.date_of_birth


def _category_label(category: BeneficiaryCategory) -> str:
    name = category.name
    return name[:1].lower() + name[1:]


def _age_message(category: BeneficiaryCategory, born: date, on: date, protected: bool) -> str:
    if protected:  # the person's date of birth is masked for this user (cases.access)
        return _(
            "%(category)s category: the beneficiary's age on the request date %(date)s does not fit "
            "(the date of birth is protected)."
        ) % {"category": _category_label(category), "date": on.strftime("%d/%m/%Y")}
    return _(
        "%(category)s category: the beneficiary was born on %(born)s, aged %(age)s on the "
        "request date %(date)s."
    ) % {
        "category": _category_label(category),
        "born": born.strftime("%d/%m/%Y"),
        "age": age_on(born, on),
        "date": on.strftime("%d/%m/%Y"),
    }


def aged(low: int | None = None, below: int | None = None) -> Check:
    """A check that the person is at least ``low`` and under ``below`` years old."""

    def check(category: BeneficiaryCategory, person: Beneficiary, on: date, protected: bool) -> str | None:
        born = _known_birth(person)
        if born is None:
            return None
        age = age_on(born, on)
        if (low is not None and age < low) or (below is not None and age >= below):
            return _age_message(category, born, on, protected)
        return None

    return check


def ethnic_minority(
    category: BeneficiaryCategory, person: Beneficiary, on: date, protected: bool
) -> str | None:
    ethnicity = person.ethnicity if person.ethnicity_id is not None else None
    if ethnicity is None or not ethnicity.is_majority:
        return None
    return _(
        "%(category)s category: the beneficiary's ethnicity is %(ethnicity)s, not an ethnic minority."
    ) % {"category": _category_label(category), "ethnicity": ethnicity.name}


def disadvantaged_commune(
    category: BeneficiaryCategory, person: Beneficiary, on: date, protected: bool
) -> str | None:
    commune = person.commune if person.commune_id is not None else None
    if commune is None or commune.is_extremely_disadvantaged_on(on):
        return None
    return _(
        "%(category)s category: the beneficiary lives in %(commune)s, which is not on the list of "
        "extremely disadvantaged communes on the request date %(date)s."
    ) % {
        "category": _category_label(category),
        "commune": commune.name,
        "date": on.strftime("%d/%m/%Y"),
    }


# Category code -> the checks of the conditions the law sets on the person.
CHECKS: dict[str, tuple[Check, ...]] = {
    "TE": (aged(below=CHILD_UNTIL),),
    "BBT1618": (aged(*JUVENILE),),
    "NCTN1618": (aged(*JUVENILE),),
    "7dd": (aged(*JUVENILE),),
    "7c": (aged(low=ELDERLY_FROM),),
    "DTTS": (ethnic_minority, disadvantaged_commune),
}


def category_contradictions(
    category: BeneficiaryCategory, person: Beneficiary, on: date, *, protected: bool = False
) -> list[str]:
    """What in ``person``'s data contradicts ``category`` on ``on`` (the request date), in
    words for the clerk; empty when nothing does. ``protected``: the reader may not see the
    person's contact data (``cases.access.hidden_contact_people``), so the words leave out
    the date of birth."""
    found = (check(category, person, on, protected) for check in CHECKS.get(category.code, ()))
    return [message for message in found if message]


def contradictions(
    categories: Iterable[BeneficiaryCategory], person: Beneficiary, on: date, *, protected: bool = False
) -> list[str]:
    """``category_contradictions`` for each of ``categories``, in order."""
    return [
        message
        for category in categories
        for message in category_contradictions(category, person, on, protected=protected)
    ]


Role = Case.ProceduralRole
# The eight roles of khoản 5 as replaced by Law 59/2024/QH15 art. 177(6), from 01/01/2026.
JUVENILE_ROLES = (
    Role.REPORTED,
    Role.PROPOSED,
    Role.DETAINED,
    Role.ACCUSED,
    Role.VICTIM,
    Role.WITNESS,
    Role.DIVERTED,
    Role.PRISONER,
)
# Category code -> the procedural roles a beneficiary in it may have (any other: none needed).
ROLES: dict[str, tuple[str, ...]] = {
    "BBT1618": (Role.ACCUSED,),  # khoản 5 until 31/12/2025: "người bị buộc tội"
    "BBTCN": (Role.ACCUSED,),  # khoản 6: "người bị buộc tội thuộc hộ cận nghèo"
    "7dd": (Role.VICTIM,),  # point 7đ until 31/12/2025: "là bị hại trong vụ án hình sự"
    "NCTN1618": JUVENILE_ROLES,
}


def role_contradictions(categories: Iterable[BeneficiaryCategory], role: str) -> list[str]:
    """For each of ``categories`` that names procedural roles, in words for the clerk, why the
    case's ``role`` (a ``Case.ProceduralRole`` value, or "" when none is recorded) does not fit;
    empty when every one fits."""
    labels = dict(Role.choices)
    found = []
    for category in categories:
        allowed = ROLES.get(category.code)
        if allowed is None or role in allowed:
            continue
        names = ", ".join(str(labels[r]).lower() for r in allowed)
        if not role:
            found.append(
                _("%(category)s category: record the beneficiary's procedural role (%(roles)s).")
                % {"category": _category_label(category), "roles": names}
            )
        else:
            found.append(
                _(
                    "%(category)s category: the beneficiary must be in one of these procedural roles: "
                    "%(roles)s; the case records “%(role)s”."
                )
                % {"category": _category_label(category), "roles": names, "role": str(labels[role]).lower()}
            )
    return found
