"""Đính chính: correcting what was typed at intake, on the case (``correct_case``) or on its
person (``correct_person``), each change with a required reason, a history row naming who made
it and a "corrected" event on the timeline listing every field old → new.

Who: the intake officers and directors over the case's unit (``may_correct``); a sensitive
case's protected data (its categories and matter, the person's contact data) only by those who
may see it (``cases.access``). What, and when:

- the matter, the channel, the urgency and the requester: while the case is open, before it is
  completed (``access.PAPER_STATES``);
- the categories, the form of legal aid and the field of law decide who may perform the case
  and what the appointment decision says: only before a performer is appointed
  (``BEFORE_APPOINTMENT``); the categories are checked again against the person's data on the
  request date (``cases.eligibility``), and a contradiction is refused unless a reason is given,
  as at intake;
- the person's name, sex, date of birth, ethnicity, citizen ID, commune, address and phone: from
  any case of theirs, open or closed, until they are anonymised. A changed date of birth,
  ethnicity or commune is checked against the categories of their open cases in the editor's
  scope; the "corrected" event is written on the case the correction was made from and on each
  of those open cases;
- never the register number, the register and request dates or the dates and numbers of
  decisions (``DECISION_FIELDS``): those are corrected only by a recorded correction decision.

Concurrency: the case row is locked (``select_for_update``); a case correction compares the
version its form was opened at, a person correction compares the values its form showed
(``seen``). Either way the refusal names who changed what since, beside what the user typed.

A paper already issued that prints a corrected value (``affected_papers``) may be re-issued
(``paper_reissue``): the papers are rendered from the records, so the re-issue keeps the paper's
number (the register number, a decision's number: never edited) and prints the corrected data;
the timeline records it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import User
from legalaid.refusal import CONFLICT, DUPLICATE, Refusal
from legalaid.roles import has_role
from legalaid.text import normalize_spaces
from legalaid.validation import PAST, check_citizen_id, check_date, check_fits

from ..access import (
    CONTACT_FIELDS,
    PAPER_STATES,
    RECEIVE_ROLES,
    hidden_contact_people,
    in_own_subtree,
    may_see_sensitive,
    visible_beneficiaries,
    visible_cases,
)
from ..eligibility import CONTRADICTED, ROLE_UNFIT, contradictions, role_contradictions
from ..models import Appointment, Appraisal, Beneficiary, Case, CaseEvent, Event, Sex

S = Case.Status

# The intake data of a case that may be corrected, in the order the timeline lists them.
CASE_FIELDS = (
    "categories",
    "form",
    "field",
    "procedural_role",
    "channel",
    "urgent",
    "requester_kind",
    "requester_name",
    "requester_relation",
    "requester_phone",
    "requester_agency",
    "forwarding_document",
    "description",
)
# Written by a correction as a consequence of another (a channel other than a mobile session).
IMPLIED_FIELDS = ("outreach_session",)
# What decides who performs the case and what its appointment decision says.
BEFORE_APPOINTMENT = ("categories", "form", "field")
NOT_APPOINTED = (S.RECEIVED, S.NEEDS_PAPERS, S.ACCEPTED)
# Protected on a sensitive case (cases.access): only those who may see them correct them.
PROTECTED_CASE_FIELDS = ("categories", "procedural_role", "description")

PERSON_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "ethnicity",
    "citizen_id",
    "commune",
    "address",
    "phone",
)
# A change of these may contradict a category (cases.eligibility).
ELIGIBILITY_FIELDS = ("date_of_birth", "ethnicity", "commune")

# Never edited: corrected only by a recorded correction decision.
DECISION_FIELDS = (
    "register_number",
    "register_year",
    "register_seq",
    "request_date",
    "accepted_on",
    "closed_on",
    "closing_number",
    "completed_on",
    "decided_on",
    "number",
)

NOTE_MAX = 2000


# --- Who may -----------------------------------------------------------------------------------


def may_correct(user: User, case: Case) -> bool:
    """The intake officers and directors over the case's unit correct its data and its person's
    (select ``unit``). The page's button and the policy's refinement ask this."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or (has_role(user, *RECEIVE_ROLES) and in_own_subtree(user, case.unit))


def may_correct_case(user: User, case: Case) -> bool:
    """The case's own intake data: also only while it is open, before completion."""
    return case.status in PAPER_STATES and may_correct(user, case)


def _check_editor(user: User, case: Case) -> None:
    if not may_correct(user, case):
        raise Refusal(_("Only the intake officers and directors over the case's unit correct its data."))


def _would_see_sensitive(user: User, case: Case) -> bool:
    """Would ``user`` still see the case's protected data were it sensitive (a correction adding
    a sensitive category must not hide the case from the one who made it)."""
    probe = copy(case)
    probe.sensitive = True
    probe.__dict__.pop("_sensitive_answers", None)
    return may_see_sensitive(user, probe)


# --- Values as people read them ----------------------------------------------------------------


def _model_field(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name)


def label_of(model: type[models.Model], name: str) -> str:
    label = str(_model_field(model, name).verbose_name)
    return label[:1].upper() + label[1:]


def shown(model: type[models.Model], name: str, value: Any) -> str:
    """A value as the page, the timeline and a conflict message show it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple):
        return "; ".join(f"{c.clause}. {c.name}" for c in value)
    choices = getattr(_model_field(model, name), "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def _current(obj: models.Model, name: str) -> Any:
    if name == "categories":
        return sorted(obj.categories.all(), key=lambda c: c.pk)  # type: ignore[attr-defined]
    return getattr(obj, name)


def _key(value: Any) -> Any:
    """What two values are compared by: a record by its id, text without outer spaces."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return sorted(item.pk for item in value)
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    return value


def current_values(obj: models.Model, names: Iterable[str]) -> dict[str, str]:
    """The values a correction form shows, as text: sent back with the form (``seen``), they
    tell what someone else changed meanwhile."""
    return {name: shown(type(obj), name, _current(obj, name)) for name in names}


def _check_names(changes: Mapping[str, Any], allowed: Sequence[str], model: type[models.Model]) -> None:
    for name in changes:
        if name in allowed:
            continue
        if name in DECISION_FIELDS:
            raise Refusal(
                _("%(field)s is never edited: it is corrected only by a recorded correction decision.")
                % {"field": label_of(model, name) if _has_field(model, name) else name},
                field=name,
            )
        raise Refusal(
            _("%(field)s cannot be corrected here.")
            % {"field": label_of(model, name) if _has_field(model, name) else name},
            field=name,
        )


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Write the reason for the correction."), field="reason")
    check_fits(CaseEvent, note=reason)
    return reason


@dataclass
class Change:
    name: str
    label: str
    old: str
    new: str


def _note(changes: Sequence[Change], reason: str, extra: str = "") -> str:
    lines = [f"{c.label}: {c.old} → {c.new}" for c in changes]
    lines.append(_("Reason: %(reason)s") % {"reason": reason})
    if extra:
        lines.append(extra)
    return "\n".join(lines)[:NOTE_MAX]


# --- Conflicts ---------------------------------------------------------------------------------


def _last_change(obj: models.Model) -> tuple[str, str]:
    """Who saved ``obj`` last and when, from its history."""
    row = obj.history.order_by("-history_date", "-history_id").select_related("history_user").first()  # type: ignore[attr-defined]
    if row is None:
        return "", ""
    who = row.history_user.full_name if row.history_user is not None else _("someone")
    return who, timezone.localtime(row.history_date).strftime("%H:%M %d/%m/%Y")


def _conflict(
    obj: models.Model,
    *,
    seen: Mapping[str, str] | None,
    typed: Mapping[str, str],
    names: Iterable[str],
) -> Refusal:
    """The refusal of a correction that raced another change: who changed what (what the form
    showed → what is recorded now), beside what the user typed."""
    model = type(obj)
    now = current_values(obj, names)
    theirs = []
    for name, value in now.items():
        if seen is None or name not in seen or seen[name] == value:
            continue
        text = f"{label_of(model, name)}: “{seen[name]}” → “{value}”"
        if name in typed:
            text += " " + _("(you typed “%(typed)s”)") % {"typed": typed[name]}
        theirs.append(text)
    who, when = _last_change(obj)
    message = (
        _("%(who)s changed this record at %(when)s while you were working on it.")
        % {"who": who, "when": when}
        if who
        else _("Someone else changed this record while you were working on it.")
    )
    if theirs:
        message += " " + _("Their changes: %(changes)s.") % {"changes": "; ".join(theirs)}
    message += " " + _(
        "Nothing was saved; your entries are still in the form. Check them against the record, "
        "then send them once more."
    )
    return Refusal(message, code=CONFLICT, theirs=theirs)


# --- The papers already issued -----------------------------------------------------------------


@dataclass
class Paper:
    """A paper issued on a case whose text prints some of the corrected data."""

    key: str  # "phieu-hen", "tu-choi", "bao-cao-tham-dinh", "quyet-dinh-<appointment id>"
    label: str
    fields: frozenset[str] = field(default_factory=frozenset)
    appointment: Appointment | None = None


def issued_papers(case: Case) -> list[Paper]:
    """The papers of ``case`` already issued that print the person or the intake data (the
    templates in ``templates/cases/pdf/``; ``_beneficiary.html`` prints every person field)."""
    person = frozenset(PERSON_FIELDS)
    papers = []
    if case.register_number:
        papers.append(Paper("phieu-hen", _("Appointment slip (Phiếu hẹn)"), person | {"form", "field"}))
    if case.status in (S.REFUSED, S.TERMINATED):
        label = _("Refusal notice") if case.status == S.REFUSED else _("Notice of not continuing")
        papers.append(
            Paper(
                "tu-choi",
                label,
                person | {"requester_kind", "requester_name", "requester_relation", "requester_agency"},
            )
        )
    for appointment in Appointment.objects.filter(case=case).select_related("performer"):
        label = (
            _("Replacement decision")
            if appointment.kind == Appointment.Kind.REPLACEMENT
            else _("Decision appointing the performer")
        )
        papers.append(
            Paper(
                f"quyet-dinh-{appointment.pk}",
                f"{label} {appointment.number} – {appointment.performer.full_name}",
                person | {"field", "requester_agency"},
                appointment,
            )
        )
    if Appraisal.objects.filter(case=case, appraised_on__isnull=False).exists():
        papers.append(Paper("bao-cao-tham-dinh", _("Appraisal report"), person | {"form", "field"}))
    return papers


def affected_papers(case: Case, names: Iterable[str]) -> list[Paper]:
    """The issued papers of ``case`` that print one of the fields ``names``."""
    names = set(names)
    return [paper for paper in issued_papers(case) if paper.fields & names]


def paper_reissue(*, case: Case, by: User, paper: str) -> Paper:
    """Re-issue a paper after a correction: it is rendered from the corrected records, under its
    own number (a register or decision number is never edited); the timeline records it."""
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
        _check_editor(by, locked)
        if locked.sensitive and not may_see_sensitive(by, locked):
            raise Refusal(_("The papers of this case are shown only to those working on it."))
        found = next((p for p in issued_papers(locked) if p.key == paper), None)
        if found is None:
            raise Refusal(_("This paper has not been issued on this case."), field="paper")
        CaseEvent.objects.create(
            case=locked,
            code=Event.REISSUE,
            actor=by,
            from_status=locked.status,
            to_status=locked.status,
            note=_("%(paper)s re-issued with the corrected data.") % {"paper": found.label},
            paper=found.key,
        )
    return found


def last_reissue(case: Case, paper: str) -> CaseEvent | None:
    """The latest re-issue of a paper of ``case`` (None if it was never re-issued): its PDF
    says it is a re-issue replacing the paper of the same number."""
    return CaseEvent.objects.filter(case=case, code=Event.REISSUE, paper=paper).order_by("-at", "-pk").first()


# --- The case ----------------------------------------------------------------------------------


def correct_case(
    *,
    case: Case,
    by: User,
    version: int,
    changes: Mapping[str, Any],
    reason: str,
    seen: Mapping[str, str] | None = None,
    category_override_reason: str = "",
) -> list[Change]:
    """Correct the intake data of ``case`` (``changes``: field name → new value, ``categories``
    a list) with a reason; return what changed. ``version``: the case's when the form was
    opened; ``seen``: the values the form showed (``current_values``), for the conflict message."""
    _check_names(changes, CASE_FIELDS, Case)
    reason = _reason(reason)
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("unit", "beneficiary__commune", "beneficiary__ethnicity", "form", "field")
            .get(pk=case.pk)
        )
        _check_editor(by, locked)
        wanted = dict(changes)
        if "categories" in wanted:
            wanted["categories"] = sorted(wanted["categories"] or [], key=lambda c: c.pk)
        if locked.version != version:
            typed = {name: shown(Case, name, value) for name, value in wanted.items()}
            raise _conflict(locked, seen=seen, typed=typed, names=[*CASE_FIELDS, "status"])
        if locked.status not in PAPER_STATES:
            raise Refusal(
                _("The intake data of a case is corrected while it is open, before it is completed.")
            )
        if locked.sensitive and not may_see_sensitive(by, locked):
            raise Refusal(_("Only those who may see this case's protected data correct it."))
        for name, value in list(wanted.items()):
            if isinstance(value, str):
                wanted[name] = value.strip()
        # What the case would be: the agency only for a forwarded request, a session only for a
        # request received at one.
        final = {name: wanted.get(name, _current(locked, name)) for name in CASE_FIELDS}
        if final["requester_kind"] != Case.RequesterKind.AGENCY and final["requester_agency"] is not None:
            wanted["requester_agency"] = final["requester_agency"] = None
        if final["channel"] != Case.Channel.MOBILE and locked.outreach_session_id is not None:
            wanted["outreach_session"] = None
        done = [
            name
            for name in (*CASE_FIELDS, *IMPLIED_FIELDS)
            if name in wanted and _key(wanted[name]) != _key(_current(locked, name))
        ]
        if not done:
            raise Refusal(_("Nothing was changed: correct at least one value."))
        _validate_case(locked, by, final, done)
        extra = _check_categories(locked, by, final["categories"], done, category_override_reason)
        made = [
            Change(
                name,
                label_of(Case, name),
                shown(Case, name, _current(locked, name)),
                shown(Case, name, wanted[name]),
            )
            for name in done
        ]
        scalar = [name for name in done if name != "categories"]
        for name in scalar:
            setattr(locked, name, wanted[name])
        if "categories" in done:
            locked.sensitive = any(c.sensitive for c in final["categories"])
        locked.version += 1
        attribute_to(locked, by, reason=reason)
        locked.save(update_fields={*scalar, "sensitive", "version", "updated_at"})
        if "categories" in done:
            locked.categories.set(final["categories"])
        CaseEvent.objects.create(
            case=locked,
            code=Event.CORRECT,
            actor=by,
            from_status=locked.status,
            to_status=locked.status,
            note=_note(made, reason, extra),
        )
    case.version = locked.version
    return made


def _validate_case(case: Case, by: User, final: dict[str, Any], done: list[str]) -> None:
    if any(name in BEFORE_APPOINTMENT for name in done) and case.status not in NOT_APPOINTED:
        name = next(name for name in done if name in BEFORE_APPOINTMENT)
        raise Refusal(
            _(
                "%(field)s decides who performs the case: it is corrected only before a performer "
                "is appointed."
            )
            % {"field": label_of(Case, name)},
            field=name,
        )
    if final["procedural_role"] not in ("", *Case.ProceduralRole.values):
        raise Refusal(_("Choose the procedural role from the list."), field="procedural_role")
    if "categories" in done or "procedural_role" in done:
        # The role a category names (cases.eligibility.ROLES): no reason lets a misfit through.
        unfit = role_contradictions(final["categories"], final["procedural_role"])
        if unfit:
            raise Refusal(" ".join(unfit), field="procedural_role", code=ROLE_UNFIT)
    if not final["description"]:
        raise Refusal(_("Describe the matter briefly."), field="description")
    kind = final["requester_kind"]
    if kind not in Case.RequesterKind.values:
        raise Refusal(_("Choose who makes the request."), field="requester_kind")
    if final["channel"] not in Case.Channel.values:
        raise Refusal(_("Choose how the request was received."), field="channel")
    if kind == Case.RequesterKind.AGENCY and (
        final["requester_agency"] is None or not final["forwarding_document"]
    ):
        raise Refusal(
            _("A request forwarded by a procedural body needs the body and its forwarding document."),
            field="requester_agency" if final["requester_agency"] is None else "forwarding_document",
        )
    if (
        kind in (Case.RequesterKind.RELATIVE, Case.RequesterKind.REPRESENTATIVE)
        and not final["requester_name"]
    ):
        raise Refusal(
            _("Give the name of the relative or representative who makes the request."),
            field="requester_name",
        )
    check_fits(
        Case,
        **{
            name: final[name]
            for name in (
                "description",
                "requester_name",
                "requester_relation",
                "requester_phone",
                "forwarding_document",
            )
        },
    )


def _check_categories(case: Case, by: User, categories: list, done: list[str], override: str) -> str:
    """The categories after the correction: at least one, in force on the request date, shown
    to the editor afterwards, and not contradicted by the person's data unless a reason says why."""
    if "categories" not in done:
        return ""
    if not categories:
        raise Refusal(_("Choose at least one beneficiary category."), field="categories")
    invalid = [c for c in categories if not c.is_valid_on(case.request_date)]
    if invalid:
        raise Refusal(
            _("These categories are not in force on the request date %(date)s: %(names)s.")
            % {
                "date": case.request_date.strftime("%d/%m/%Y"),
                "names": "; ".join(f"{c.clause}. {c.name}" for c in invalid),
            },
            field="categories",
        )
    if any(c.sensitive for c in categories) and not _would_see_sensitive(by, case):
        raise Refusal(
            _(
                "A sensitive category is recorded by those who may see the case's protected data: "
                "the director, or the officer who received the request."
            ),
            field="categories",
        )
    person = case.beneficiary
    protected = person.pk in hidden_contact_people(by, [person.pk])
    found = contradictions(categories, person, case.request_date, protected=protected)
    return _overridden(found, override)


def _overridden(found: list[str], override: str) -> str:
    """Refuse what the person's data contradicts unless ``override`` says why; the note kept."""
    if not found:
        return ""
    override = (override or "").strip()
    if not override:
        raise Refusal(
            " ".join(
                [
                    *found,
                    _(
                        "Correct the categories or the person's data, or write why the proof "
                        "papers show otherwise."
                    ),
                ]
            ),
            field="categories",
            code=CONTRADICTED,
            contradictions=found,
        )
    check_fits(CaseEvent, note=override)
    return _("Categories kept although the data contradicts them: %(found)s Reason: %(reason)s") % {
        "found": " ".join(found),
        "reason": override,
    }


# --- The person --------------------------------------------------------------------------------


def correct_person(
    *,
    case: Case,
    by: User,
    changes: Mapping[str, Any],
    reason: str,
    seen: Mapping[str, str] | None = None,
    allow_duplicate: bool = False,
    category_override_reason: str = "",
) -> list[Change]:
    """Correct the data of ``case``'s person, from that case, with a reason; return what
    changed. ``seen``: the values the form showed (``current_values``): a value changed since
    refuses the correction, naming the change. ``allow_duplicate``: the editor confirmed that
    another person with the same name and date of birth is someone else (a citizen ID is never
    shared)."""
    _check_names(changes, PERSON_FIELDS, Beneficiary)
    reason = _reason(reason)
    with transaction.atomic():
        locked_case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
        _check_editor(by, locked_case)
        person = (
            Beneficiary.objects.select_for_update(of=("self",))
            .select_related("commune", "ethnicity")
            .get(pk=locked_case.beneficiary_id)
        )
        if person.anonymised_on is not None:
            raise Refusal(_("This person's data was anonymised: there is nothing left to correct."))
        wanted = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
        if "full_name" in wanted:
            wanted["full_name"] = normalize_spaces(wanted["full_name"])
        typed = {name: shown(Beneficiary, name, value) for name, value in wanted.items()}
        if seen is not None and any(
            seen.get(name, value) != value for name, value in current_values(person, PERSON_FIELDS).items()
        ):
            raise _conflict(person, seen=seen, typed=typed, names=PERSON_FIELDS)
        done = [
            name
            for name in PERSON_FIELDS
            if name in wanted and _key(wanted[name]) != _key(_current(person, name))
        ]
        if not done:
            raise Refusal(_("Nothing was changed: correct at least one value."))
        if any(name in CONTACT_FIELDS for name in done) and person.pk in hidden_contact_people(
            by, [person.pk]
        ):
            raise Refusal(
                _(
                    "This person has a sensitive case whose protected data you may not see: their "
                    "citizen ID, address, phone and date of birth are corrected by those working on it."
                )
            )
        made = [
            Change(
                name,
                label_of(Beneficiary, name),
                shown(Beneficiary, name, _current(person, name)),
                shown(Beneficiary, name, wanted[name]),
            )
            for name in done
        ]
        _validate_person(person, by, wanted, done, allow_duplicate)
        for name in done:
            setattr(person, name, wanted[name])
        targets = [
            locked_case,
            *visible_cases(by)
            .filter(beneficiary=person, status__in=Case.OPEN_STATES)
            .exclude(pk=locked_case.pk)
            .order_by("request_date", "pk"),
        ]
        extra = ""
        if any(name in ELIGIBILITY_FIELDS for name in done):
            extra = _check_person_categories(person, by, targets, category_override_reason)
        attribute_to(person, by, reason=reason)
        person.save(update_fields={*done, "updated_at"})
        note = _note(made, reason, extra)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=target,
                    code=Event.CORRECT,
                    actor=by,
                    from_status=target.status,
                    to_status=target.status,
                    note=note,
                )
                for target in targets
            ]
        )
    return made


def _validate_person(
    person: Beneficiary, by: User, wanted: dict[str, Any], done: list[str], allow_duplicate: bool
) -> None:
    if "full_name" in done and not wanted["full_name"]:
        raise Refusal(_("Enter the beneficiary's full name."), field="full_name")
    if "sex" in done and wanted["sex"] not in Sex.values:
        raise Refusal(_("Choose the beneficiary's sex."), field="sex")
    if "citizen_id" in done:
        check_citizen_id(wanted["citizen_id"], field="citizen_id")
    if "date_of_birth" in done:
        born = wanted["date_of_birth"]
        check_date(born, field="date_of_birth", bounds=PAST, label=_("date of birth"))
        first = person.cases.order_by("request_date").values_list("request_date", flat=True).first()
        if born is not None and first is not None and born > first:
            raise Refusal(_("The date of birth is after the request date."), field="date_of_birth")
    check_fits(Beneficiary, **{name: wanted[name] for name in done if isinstance(wanted[name], str)})
    yours = visible_beneficiaries(by)
    if "citizen_id" in done and wanted["citizen_id"]:
        holders = list(Beneficiary.objects.filter(citizen_id=wanted["citizen_id"]).exclude(pk=person.pk)[:5])
        if holders:
            shown_ids = set(yours.filter(pk__in=[h.pk for h in holders]).values_list("pk", flat=True))
            raise Refusal(
                _(
                    "Another person is registered with this citizen ID: %(people)s. A citizen ID "
                    "belongs to one person; check the paper again."
                )
                % {
                    "people": "; ".join(h.full_name for h in holders if h.pk in shown_ids)
                    or _("outside your units")
                },
                field="citizen_id",
                code=DUPLICATE,
            )
    if not allow_duplicate and ("full_name" in done or "date_of_birth" in done):
        name = wanted.get("full_name", person.full_name)
        born = wanted.get("date_of_birth", person.date_of_birth)
        from .intake import beneficiary_duplicates

        same = list(beneficiary_duplicates(full_name=name, date_of_birth=born, exclude_pk=person.pk)[:5])
        if same:
            shown_ids = set(yours.filter(pk__in=[s.pk for s in same]).values_list("pk", flat=True))
            raise Refusal(
                _(
                    "Another person has the same name and date of birth: %(people)s. Confirm that "
                    "they are different people to save the correction."
                )
                % {
                    "people": "; ".join(s.full_name for s in same if s.pk in shown_ids)
                    or _("outside your units")
                },
                field="allow_duplicate",
                code=DUPLICATE,
            )


def _check_person_categories(person: Beneficiary, by: User, cases: list[Case], override: str) -> str:
    """The categories of the person's open cases (and of the case corrected from) against the
    corrected data, each on its request date."""
    hidden = person.pk in hidden_contact_people(by, [person.pk])
    found = []
    for case in cases:
        for message in contradictions(case.categories.all(), person, case.request_date, protected=hidden):
            found.append(f"{case}: {message}" if len(cases) > 1 else message)
    return _overridden(found, override)
