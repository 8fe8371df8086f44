"""The case page and the one view that takes every step of the case's journey."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.refusal import Refusal, add_to_form

from .. import access, forms, services, workflow
from ..models import (
    EVENT_LABELS,
    Appointment,
    Appraisal,
    Case,
    CaseEvent,
    CaseParty,
    Complaint,
    ReplacementRequest,
    SensitiveView,
    Survey,
    WorkEntry,
)
from ..workflow import Action


@permission_required("cases.view_case", raise_exception=True)
def detail(request, pk: int):
    try:
        case = access.get_case_for_user(request.user, pk)
    except access.CaseReassigned as reassigned:
        # 403, not 410: the case still exists and goes on with another performer; only this
        # user may no longer open it. They are told so, with the decision, not a bare 404.
        decision = reassigned.appointment
        return render(
            request,
            "cases/reassigned.html",
            {
                "register_number": decision.case.register_number,
                "decided_by": decision.decided_by.full_name,
                "decided_on": decision.decided_on,
            },
            status=403,
        )
    see_sensitive = access.may_see_sensitive(request.user, case)
    contact = access.beneficiary_contact(request.user, case)
    services.log_views(
        request.user, [case], kind=SensitiveView.Kind.PAGE, url_name=request.resolver_match.view_name
    )
    events = CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    status_labels = dict(Case.Status.choices)
    timeline = [
        (
            e,
            EVENT_LABELS.get(e.code, e.code),
            status_labels.get(e.to_status, "") if e.to_status != e.from_status else "",
        )
        for e in events
    ]
    survey_link = services.survey_link_for(case) if case.register_number else None
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "see_sensitive": see_sensitive,
            "contact": contact,
            "may_export_subject": access.may_export_subject(request.user, case),
            "categories": case.categories.all(),
            "checklist": services.papers_checklist(case),
            "papers": list(case.papers.select_related("document_type")),
            "actions": [(a, Action(a).label) for a in workflow.allowed_actions(case, request.user)],
            "appointments": Appointment.objects.filter(case=case).select_related("performer", "replaced"),
            "replacements": ReplacementRequest.objects.filter(case=case),
            "work": WorkEntry.objects.filter(case=case).select_related("recorded_by"),
            "appraisal": Appraisal.objects.filter(case=case)
            .select_related("appraiser", "appraiser_person", "outcome")
            .first(),
            "surveys": Survey.objects.filter(case=case),
            "complaints": Complaint.objects.filter(case=case),
            "parties": CaseParty.objects.filter(case=case) if see_sensitive else [],
            "party_form": forms.CasePartyForm() if services.may_edit_parties(request.user, case) else None,
            "timeline": timeline,
            "paper_form": forms.PaperForm() if access.may_add_papers(request.user, case) else None,
            "survey_form": forms.SurveyForm() if case.status in services.SURVEY_STATES else None,
            "survey_url": request.build_absolute_uri(reverse("cases:survey_public", args=[survey_link.token]))
            if survey_link and see_sensitive
            else "",
            "today": timezone.localdate(),
        },
    )


@permission_required("cases.view_case", raise_exception=True)
def action(request, pk: int, name: str):
    """Any step of the workflow: the table names its form and its service. A step the user may
    not take now is not offered (403); sent anyway, the service refuses it on the form."""
    transition = workflow.TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    case = access.get_case_for_user(request.user, pk)
    posted = request.method == "POST"
    if not posted and workflow.right_refusal(case, name, request.user) is not None:
        raise PermissionDenied
    if not posted and (moved := workflow.state_refusal(case, name, explain=True)) is not None:
        # The user has the right, but the case moved on since the button was shown: say so
        # (409: the request conflicts with the case's present state), not "not allowed".
        return render(
            request,
            "cases/moved_on.html",
            {"case": case, "action_label": Action(name).label, "reason": moved},
            status=409,
        )
    form = transition.form_class(
        request.POST if posted else None,
        request.FILES if posted else None,
        case=case,
        user=request.user,
        params=request.GET,
    )
    if posted and form.is_valid():
        try:
            transition.service_function(case=case, by=request.user, **form.service_kwargs())
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": Action(name).label})
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/action.html",
        {"case": case, "form": form, "action_label": Action(name).label},
        status=400 if form.errors else 200,
    )
