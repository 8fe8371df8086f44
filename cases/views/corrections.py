"""Đính chính: the pages correcting a case's intake data and its person's data, and the re-issue
of a paper that printed the corrected data. The rules are ``cases.services.corrections``'."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.refusal import CONFLICT, Refusal, add_to_form

from .. import access
from ..forms_corrections import CaseCorrectionForm, CorrectionForm, PersonCorrectionForm
from ..models import Appointment, Case
from ..services import corrections

# The query string of the page after a correction: the fields changed, for the papers they affect.
DONE = "da-sua"


def _case(request, pk: int, rule) -> Case:
    case = access.get_case_for_user(request.user, pk)
    if not rule(request.user, case):
        raise PermissionDenied
    return case


def _done_fields(request, allowed) -> list[str]:
    return [name for name in request.GET.get(DONE, "").split(",")[:20] if name in allowed]


def _as_data(value) -> list[str]:
    """A form's initial value as posted data."""
    if value is None or value is False:
        return []
    if value is True:
        return ["on"]
    if isinstance(value, list | tuple):
        return [str(item.pk) for item in value]
    if hasattr(value, "pk"):
        return [str(value.pk)]
    if isinstance(value, date):
        return [value.isoformat()]
    return [str(value)]


def _refreshed(form_class, request, stale: CorrectionForm, refusal: Refusal, **kwargs) -> CorrectionForm:
    """After a conflict the form keeps what the user typed; the fields they left alone, the
    version and the values it shows are brought up to date: sent again, it changes only what
    the user changed, on the record as it is now."""
    fresh = form_class(None, **kwargs)
    data = request.POST.copy()
    for name in stale.untouched():
        data.setlist(name, _as_data(fresh.initial.get(name)))
    data["seen"] = fresh.initial["seen"]
    if "version" in fresh.fields:
        data["version"] = str(fresh.initial["version"])
    form = form_class(data, **kwargs)
    form.is_valid()
    add_to_form(form, refusal)
    return form


def _page(request, case: Case, form: CorrectionForm, *, template: str, allowed, status: int = 200):
    done = _done_fields(request, allowed)
    papers = corrections.affected_papers(case, done) if done else []
    return render(
        request,
        template,
        {
            "case": case,
            "form": form,
            "done": done,
            "papers": papers,
            "decisions": Appointment.objects.filter(case=case).select_related("performer"),
        },
        status=status,
    )


@permission_required("cases.view_case", raise_exception=True)
def correct_case(request, pk: int):
    case = _case(request, pk, corrections.may_correct_case)
    if case.sensitive and not access.may_see_sensitive(request.user, case):
        raise PermissionDenied
    form: CorrectionForm = CaseCorrectionForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            made = corrections.correct_case(
                case=case,
                by=request.user,
                version=form.cleaned_data["version"],
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                seen=form.seen_values(),
                category_override_reason=form.cleaned_data["category_override_reason"],
            )
        except Refusal as refusal:
            if refusal.code == CONFLICT:
                case = access.get_case_for_user(request.user, pk)
                form = _refreshed(CaseCorrectionForm, request, form, refusal, case=case)
            else:
                add_to_form(form, refusal)
        else:
            return _saved(request, case, made, "cases:correct_case")
    return _page(
        request,
        case,
        form,
        template="cases/correct_case.html",
        allowed=corrections.CASE_FIELDS,
        status=400 if form.errors else 200,
    )


@permission_required("cases.view_case", raise_exception=True)
def correct_person(request, pk: int):
    case = _case(request, pk, corrections.may_correct)
    hide_contact = case.beneficiary_id in access.hidden_contact_people(request.user, [case.beneficiary_id])
    kwargs: dict[str, Any] = {"person": case.beneficiary, "hide_contact": hide_contact}
    form: CorrectionForm = PersonCorrectionForm(request.POST if request.method == "POST" else None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            made = corrections.correct_person(
                case=case,
                by=request.user,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                seen=form.seen_values(),
                allow_duplicate=form.cleaned_data["allow_duplicate"],
                category_override_reason=form.cleaned_data["category_override_reason"],
            )
        except Refusal as refusal:
            if refusal.code == CONFLICT:
                case = access.get_case_for_user(request.user, pk)
                kwargs["person"] = case.beneficiary
                form = _refreshed(PersonCorrectionForm, request, form, refusal, **kwargs)
            else:
                add_to_form(form, refusal)
        else:
            return _saved(request, case, made, "cases:correct_person")
    return _page(
        request,
        case,
        form,
        template="cases/correct_person.html",
        allowed=corrections.PERSON_FIELDS,
        status=400 if form.errors else 200,
    )


def _saved(request, case: Case, made, url_name: str):
    """Back to the case's timeline, or, when a paper already issued printed what changed, to
    the page that offers its re-issue."""
    messages.success(request, _("The correction was saved and recorded on the timeline."))
    names = [change.name for change in made]
    if corrections.affected_papers(case, names):
        return redirect(f"{reverse(url_name, args=[case.pk])}?{DONE}={','.join(names)}#papers")
    return redirect(reverse("cases:detail", args=[case.pk]) + "#timeline")


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def paper_reissue(request, pk: int):
    case = _case(request, pk, corrections.may_correct)
    try:
        paper = corrections.paper_reissue(
            case=case, by=request.user, paper=request.POST.get("paper", "")[:40]
        )
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return redirect("cases:detail", pk=case.pk)
    messages.success(request, _("Re-issued with the corrected data: %(paper)s.") % {"paper": paper.label})
    return redirect(reverse("cases:detail", args=[case.pk]) + "#timeline")
