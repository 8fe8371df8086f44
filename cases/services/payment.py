"""Paying collaborators and contracted lawyers for their appraised cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.history import attribute_to
from legalaid.models import User
from legalaid.refusal import Refusal
from legalaid.roles import Role, has_role
from legalaid.validation import RECORD, check_amount, check_date, check_fits
from staffing.models import Person

from ..models import Case, CaseEvent, Event, Payment
from .common import PAID_KINDS, S, _lock


def payable_cases(
    *, centre_path: str, start: date, end: date, performer: Person | None = None
) -> QuerySet[Case]:
    """Appraised cases of collaborators and contracted lawyers, appraised in the period."""
    cases = Case.objects.filter(
        status=S.APPRAISED,
        unit__path__startswith=centre_path,
        performer__kind__in=PAID_KINDS,
        appraisal__appraised_on__range=(start, end),
    )
    if performer is not None:
        cases = cases.filter(performer=performer)
    return cases.select_related("performer", "form", "field", "beneficiary", "appraisal__outcome", "payment")


def payment_record(*, case: Case, by: User, amount: Decimal, paid_on: date | None = None) -> Payment:
    if not (by.is_superuser or has_role(by, Role.DIRECTOR)):
        raise Refusal(_("Only the director records payments."))
    amount = check_amount(amount, field="amount")
    check_fits(Payment, amount=amount)
    check_date(paid_on, field="paid_on", bounds=RECORD, label=_("payment date"))
    with transaction.atomic():
        case = _lock(case, None)
        if case.status != S.APPRAISED or case.performer is None or case.performer.kind not in PAID_KINDS:
            raise Refusal(_("Only appraised cases of collaborators and contracted lawyers are payable."))
        if Payment.objects.filter(case=case).exists():
            raise Refusal(_("This case has already been paid."))
        payment = Payment(
            case=case,
            performer=case.performer,
            amount=amount,
            paid_on=paid_on or timezone.localdate(),
            recorded_by=by,
        )
        attribute_to(payment, by)
        payment.save()
        CaseEvent.objects.create(case=case, code=Event.PAYMENT, actor=by, note=f"{amount:,.0f} đ")
    return payment
