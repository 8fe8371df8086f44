"""Satisfaction surveys: entered by the staff from a paper form, or answered by the beneficiary
through the single-use link printed on the appointment slip."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.refusal import Refusal
from legalaid.roles import Role, has_role

from .. import access, forms, services
from ..models import SurveyLink


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def survey_staff(request, pk: int):
    case = access.get_case_for_user(request.user, pk)
    if not has_role(request.user, Role.DIRECTOR, Role.INTAKE_OFFICER) and not request.user.is_superuser:
        raise PermissionDenied
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_record(case=case, by=request.user, scores=data, comment=data["comment"])
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The survey was recorded."))
    else:
        messages.error(request, _("Give every score from 1 to 5."))
    return redirect("cases:detail", pk=case.pk)


@login_not_required
def survey_public(request, token: str):
    """The beneficiary's survey through the link on the Phiếu hẹn: no login, single use."""
    link = SurveyLink.objects.select_related("case__centre").filter(token=token).first()
    error = None
    if link is None:
        error = _("This survey link is not valid.")
    elif link.used_at is not None:
        error = _("This survey link has already been used. Thank you.")
    elif link.expires_at <= timezone.now():
        error = _("This survey link has expired.")
    form = forms.SurveyForm(request.POST or None)
    if error is None and request.method == "POST" and form.is_valid():
        try:
            services.survey_submit_public(
                token=token, scores=form.cleaned_data, comment=form.cleaned_data["comment"]
            )
        except Refusal as refusal:
            error = refusal.message
        else:
            return render(request, "cases/survey_public.html", {"done": True})
    response = render(
        request,
        "cases/survey_public.html",
        {"form": form, "error": error, "centre": link.case.centre if link else None},
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"  # the token never leaves in a Referer to another site
    return response
