"""Paying collaborators and contracted lawyers for their appraised cases.

Only a case whose appraisal met the quality standard is paid, and its amount is not typed: it
comes from the tariff line (``PaymentTariff``) for the case's form of aid and the performer's
kind in force on the appraisal date, times the units of work (one per case; per day of work,
the hours logged divided by ``HOURS_PER_DAY`` and rounded up; per hearing session, the hearing
entries of the work log). The director may pay another amount only with a written reason,
which the payment keeps beside the amount the tariff gave."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import User
from legalaid.refusal import Refusal
from legalaid.roles import Role, has_role
from legalaid.validation import RECORD, check_amount, check_date, check_fits
from staffing.models import Person

from ..models import Appraisal, Case, CaseEvent, Event, Payment, PaymentTariff, WorkEntry
from .common import PAID_KINDS, S, _lock

HOURS_PER_DAY = Decimal(8)
ZERO = Decimal(0)


def _hours_logged() -> Coalesce:
    hours = (
        WorkEntry.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(hours), Value(ZERO), output_field=DecimalField(max_digits=9, decimal_places=1))


def _sessions_logged() -> Coalesce:
    sessions = (
        WorkEntry.objects.filter(case=OuterRef("pk"), kind=WorkEntry.Kind.HEARING)
        .order_by()
        .values("case")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(sessions), Value(0), output_field=IntegerField())


def payable_cases(
    *,
    centre_path: str,
    start: date,
    end: date,
    performer: Person | None = None,
    within: QuerySet[Case] | None = None,
) -> QuerySet[Case]:
    """Cases of collaborators and contracted lawyers appraised in the period whose appraisal met
    the quality standard, each with ``hours_logged`` and ``sessions_logged`` (hearing entries).
    ``within``: the cases to choose from (a user's scope); every case when None."""
    cases = (within if within is not None else Case.objects.all()).filter(
        status=S.APPRAISED,
        unit__path__startswith=centre_path,
        performer__kind__in=PAID_KINDS,
        appraisal__appraised_on__range=(start, end),
        appraisal__outcome__meets_quality=True,
    )
    if performer is not None:
        cases = cases.filter(performer=performer)
    return cases.select_related(
        "performer", "form", "field", "beneficiary", "appraisal__outcome", "payment"
    ).annotate(hours_logged=_hours_logged(), sessions_logged=_sessions_logged())


@dataclass(frozen=True)
class Quote:
    """What the tariff gives for one case: the line in force on the appraisal date (None when
    there is none), the hours logged, the units counted and the amount."""

    tariff: PaymentTariff | None
    hours: Decimal
    units: int
    amount: Decimal

    @property
    def tariff_set(self) -> bool:
        return self.tariff is not None and self.tariff.is_set

    @property
    def problem(self) -> str:
        """Why no amount can be paid from the tariff as it stands, or ""."""
        if not self.tariff_set:
            return _(
                "The payment tariff is not set for this case (no verified amount under its legal "
                "text): enter the amount and its basis in the administration."
            )
        if self.units == 0:
            return _("No work is logged for the unit of this tariff line: the amount is 0.")
        return ""


def units_of_work(unit: str, *, hours: Decimal, sessions: int) -> int:
    if unit == PaymentTariff.Unit.DAY:
        return int((hours / HOURS_PER_DAY).to_integral_value(rounding=ROUND_CEILING))
    if unit == PaymentTariff.Unit.SESSION:
        return sessions
    return 1


def tariff_line(
    lines: Iterable[PaymentTariff], *, form_id: int, kind: str, day: date
) -> PaymentTariff | None:
    """The line for this form and kind in force on ``day``: the one that started last."""
    in_force = [
        line
        for line in lines
        if line.form_id == form_id and line.performer_kind == kind and line.in_force_on(day)
    ]
    return max(in_force, key=lambda line: (line.valid_from, line.pk), default=None)


def _quote(lines: Iterable[PaymentTariff], case: Case, *, hours: Decimal, sessions: int) -> Quote:
    kind = case.performer.kind if case.performer is not None else ""
    day = case.appraisal.appraised_on
    line = tariff_line(lines, form_id=case.form_id, kind=kind, day=day) if day else None
    if line is None:
        return Quote(None, hours, 0, ZERO)
    units = units_of_work(line.unit, hours=hours, sessions=sessions)
    amount = line.amount * units if line.is_set else ZERO
    return Quote(line, hours, units, amount)


def payment_quotes(cases: Iterable[Case]) -> dict[int, Quote]:
    """The quote of each case of ``payable_cases`` (annotated), the tariff read once."""
    cases = list(cases)
    lines = list(PaymentTariff.objects.filter(form_id__in={c.form_id for c in cases}).select_related("form"))
    return {
        case.pk: _quote(lines, case, hours=case.hours_logged, sessions=case.sessions_logged)  # type: ignore[attr-defined]
        for case in cases
    }


def payment_quote(case: Case) -> Quote:
    """The quote of one appraised case."""
    annotated = Case.objects.filter(pk=case.pk).annotate(
        hours_logged=_hours_logged(), sessions_logged=_sessions_logged()
    )
    counts = annotated.values("hours_logged", "sessions_logged").get()
    lines = PaymentTariff.objects.filter(form_id=case.form_id).select_related("form")
    return _quote(lines, case, hours=counts["hours_logged"], sessions=counts["sessions_logged"])


def payment_record(
    *,
    case: Case,
    by: User,
    paid_on: date | None = None,
    adjusted_amount: Decimal | None = None,
    adjustment_reason: str = "",
) -> Payment:
    """Record the payment of an appraised case at the tariff's amount, or at
    ``adjusted_amount`` with the director's written ``adjustment_reason``."""
    if not (by.is_superuser or has_role(by, Role.DIRECTOR)):
        raise Refusal(_("Only the director records payments."))
    adjustment_reason = (adjustment_reason or "").strip()
    if adjusted_amount is not None:
        adjusted_amount = check_amount(adjusted_amount, field="adjusted_amount")
        check_fits(Payment, amount=adjusted_amount)
    check_fits(Payment, adjustment_reason=adjustment_reason)
    check_date(paid_on, field="paid_on", bounds=RECORD, label=_("payment date"))
    with transaction.atomic():
        case = _lock(case, None)
        if case.status != S.APPRAISED or case.performer is None or case.performer.kind not in PAID_KINDS:
            raise Refusal(_("Only appraised cases of collaborators and contracted lawyers are payable."))
        appraisal = Appraisal.objects.select_related("outcome").get(case=case)
        if appraisal.outcome is None or not appraisal.outcome.meets_quality:
            raise Refusal(
                _(
                    "Not payable: the appraisal concluded “%(outcome)s”; only a case whose "
                    "appraisal meets the quality standard is paid."
                )
                % {"outcome": appraisal.outcome.label if appraisal.outcome else _("no conclusion")},
                code="quality",
            )
        if Payment.objects.filter(case=case).exists():
            raise Refusal(_("This case has already been paid."))
        case.appraisal = appraisal
        quote = payment_quote(case)
        computed = quote.amount if quote.tariff_set else None
        if adjusted_amount is not None and adjusted_amount == computed:
            adjusted_amount = None  # the tariff's own amount: nothing adjusted
        if adjusted_amount is None:
            if quote.problem:
                raise Refusal(
                    quote.problem + " " + _("The director may pay an amount with a written reason."),
                    field="adjusted_amount",
                    code="tariff",
                )
        elif not adjustment_reason:
            raise Refusal(
                _("An amount other than the tariff's needs a written reason."), field="adjustment_reason"
            )
        amount = adjusted_amount if adjusted_amount is not None else quote.amount
        payment = Payment(
            case=case,
            performer=case.performer,
            amount=amount,
            tariff=quote.tariff,
            units=quote.units,
            computed_amount=computed,
            adjustment_reason=adjustment_reason if adjusted_amount is not None else "",
            paid_on=paid_on or timezone.localdate(),
            recorded_by=by,
        )
        attribute_to(payment, by, reason=payment.adjustment_reason)
        payment.save()
        note = f"{amount:,.0f} đ"
        if payment.adjustment_reason:
            note += " – " + _("adjusted: %(reason)s") % {"reason": payment.adjustment_reason}
        CaseEvent.objects.create(case=case, code=Event.PAYMENT, actor=by, note=note)
    return payment
