"""The Department of Justice's quality evaluation: rounds drawn by sample, and their conclusions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from legalaid.models import Unit
from legalaid.refusal import Refusal, add_to_form
from legalaid.roles import visible_units

from .. import forms, services
from ..models import Evaluation, EvaluationRound


@permission_required("cases.view_evaluation", raise_exception=True)
def evaluations(request):
    centres = visible_units(request.user).filter(kind=Unit.Kind.CENTRE)
    rounds = EvaluationRound.objects.filter(centre__in=centres).select_related("centre")
    may_add = request.user.has_perm("cases.add_evaluation")
    form = forms.EvaluationRoundForm(request.POST or None, centres=centres)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.evaluation_round_create(
                    by=request.user,
                    centre=data["centre"],
                    name=data["name"],
                    window_start=data["window_start"],
                    window_end=data["window_end"],
                    rate=data["rate"],
                )
            except Refusal as refusal:
                add_to_form(form, refusal)
            else:
                return redirect("cases:evaluation_round", pk=round_.pk)
    return render(request, "cases/evaluations.html", {"rounds": rounds, "form": form if may_add else None})


@permission_required("cases.view_evaluation", raise_exception=True)
def evaluation_round(request, pk: int):
    centres = visible_units(request.user).filter(kind=Unit.Kind.CENTRE)
    round_ = get_object_or_404(EvaluationRound, pk=pk, centre__in=centres)
    rows = round_.evaluations.select_related("case__beneficiary", "case__form", "case__performer", "outcome")
    if request.method == "POST":
        if not request.user.has_perm("cases.add_evaluation"):
            raise PermissionDenied
        evaluation = get_object_or_404(Evaluation, pk=request.POST.get("evaluation"), round=round_)
        form = forms.EvaluationForm(request.POST)
        if form.is_valid():
            try:
                services.evaluation_record(
                    evaluation=evaluation,
                    by=request.user,
                    outcome=form.cleaned_data["outcome"],
                    conclusion=form.cleaned_data["conclusion"],
                )
            except Refusal as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("The conclusion was recorded."))
        else:
            messages.error(request, _("Choose the conclusion of the evaluation."))
        return redirect("cases:evaluation_round", pk=round_.pk)
    return render(
        request,
        "cases/evaluation_round.html",
        {"round": round_, "rows": rows, "form": forms.EvaluationForm()},
    )
