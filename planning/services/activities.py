"""Following an activity up: its status set by hand, progress notes, and its targets (added by
hand, bound to an indicator of the registry)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid import indicators
from legalaid.history import attribute_to
from legalaid.models import Unit, User
from legalaid.refusal import CONFLICT, Refusal
from planning.models import Activity, ActivityStatus, ProgressNote, StatusChange, Target


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, reason: str, by: User, version: int) -> Activity:
    """Set (or clear, with status "") the status by hand. A reason is required; the change is
    kept in the history. ``version`` is the one the user saw: a concurrent change refuses."""
    reason = (reason or "").strip()
    if status and status not in ActivityStatus.values:
        raise Refusal(_("Unknown status."), field="status")
    if not reason:
        raise Refusal(_("Give the reason for setting the status by hand."), field="reason")
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.version != version:
        raise Refusal(
            _("Someone else changed this activity meanwhile; reload the page and try again."), code=CONFLICT
        )
    locked.status_override = status
    locked.status_reason = reason if status else ""
    locked.version += 1
    locked.save(update_fields=["status_override", "status_reason", "version", "updated_at"])
    StatusChange.objects.create(activity=locked, status=status, reason=reason, by=by)
    return locked


def progress_note_add(*, activity: Activity, day: date, text: str, evidence: str, by: User) -> ProgressNote:
    text = (text or "").strip()
    if not text:
        raise Refusal(_("Write what was done."), field="text")
    if day > timezone.localdate():
        raise Refusal(_("A progress note cannot be dated in the future."), field="day")
    return ProgressNote.objects.create(
        activity=activity, day=day, text=text, evidence=evidence.strip(), by=by
    )


def indicator_check(indicator_key: str, filters: dict) -> None:
    """Refuse a key the registry does not know, or filters its indicator does not take."""
    try:
        indicator = indicators.get(indicator_key)
    except LookupError:
        raise Refusal(
            _("The indicator “%(key)s” is not registered.") % {"key": indicator_key}, field="indicator_key"
        ) from None
    unknown = sorted(set(filters) - set(indicator.filters))
    if unknown:
        raise Refusal(
            _("The indicator “%(key)s” does not take the filters: %(names)s.")
            % {"key": indicator_key, "names": ", ".join(unknown)},
            field="filters",
        )
    for name, value in filters.items():
        # A filter with a declared list takes only its values (a typed "truc tiep" would count 0).
        allowed = indicators.filter_choices(indicator_key, name)
        if allowed is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        codes = dict(allowed)
        wrong = [str(v) for v in values if str(v) not in codes]
        if wrong:
            raise Refusal(
                _("“%(value)s” is not a value of “%(name)s” for “%(key)s”; choose one of: %(values)s.")
                % {
                    "value": ", ".join(wrong),
                    "name": name,
                    "key": indicator_key,
                    "values": ", ".join(f"{code} ({label})" for code, label in allowed),
                },
                field="filters",
            )


@transaction.atomic
def target_bind(*, target: Target, indicator_key: str, filters: dict, by: User) -> Target:
    """Bind a target to an indicator of the registry (empty key: unbind)."""
    if not isinstance(filters, dict):
        raise Refusal(_("The filters of a target are a set of names and values."), field="filters")
    if indicator_key:
        indicator_check(indicator_key, filters)
    locked = Target.objects.select_for_update().get(pk=target.pk)
    filters = filters if indicator_key else {}
    if (locked.indicator_key, locked.filters) == (indicator_key, filters):
        return locked  # nothing changes: no write, no history row
    locked.indicator_key = indicator_key
    locked.filters = filters
    attribute_to(locked, by, reason=_("Indicator of the target chosen"))
    locked.save(update_fields=["indicator_key", "filters", "updated_at"])
    return locked


def target_add(
    *,
    activity: Activity,
    label: str,
    quantity: Decimal,
    measure: str,
    unit: Unit | None = None,
    indicator_key: str = "",
    filters: dict | None = None,
) -> Target:
    if quantity is None or quantity <= 0:
        raise Refusal(_("A target needs a quantity greater than zero."), field="quantity")
    if indicator_key:
        indicator_check(indicator_key, filters or {})
    return Target.objects.create(
        activity=activity,
        label=(label or f"{quantity} {measure}").strip()[:300],
        quantity=quantity,
        measure=measure.strip()[:40] or "%",
        unit=unit,
        indicator_key=indicator_key,
        filters=filters or {},
    )
