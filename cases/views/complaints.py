"""The hotline and complaints book of a unit: recording a complaint, marking it resolved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.refusal import Refusal, add_to_form
from legalaid.roles import visible_units

from .. import access, forms, services
from ..models import Complaint


@permission_required("cases.view_complaint", raise_exception=True)
def complaints(request):
    rows = Complaint.objects.filter(unit__in=visible_units(request.user)).select_related("case", "unit")[:300]
    form = forms.ComplaintForm(request.POST or None)
    may_add = request.user.has_perm("cases.add_complaint")
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            case = None
            if data["case_number"]:
                number = data["case_number"].strip()
                case = access.visible_cases(request.user).filter(register_number=number).first()
                if case is None:
                    form.add_error("case_number", _("No case of yours has this register number."))
            if not form.errors:
                try:
                    services.complaint_record(
                        by=request.user,
                        unit=request.user.unit,
                        received_on=data["received_on"],
                        caller=data["caller"],
                        channel=data["channel"],
                        topic=data["topic"],
                        content=data["content"],
                        phone=data["phone"],
                        case=case,
                    )
                except Refusal as refusal:
                    add_to_form(form, refusal)
                else:
                    messages.success(request, _("The complaint was recorded."))
                    return redirect("cases:complaints")
    return render(
        request,
        "cases/complaints.html",
        {"rows": rows, "form": form if may_add else None, "resolve_form": forms.ResolveForm()},
    )


@require_POST
@permission_required("cases.add_complaint", raise_exception=True)
def complaint_resolve(request, pk: int):
    complaint = get_object_or_404(Complaint, pk=pk, unit__in=visible_units(request.user))
    form = forms.ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_resolve(
                complaint=complaint,
                by=request.user,
                resolution=form.cleaned_data["resolution"],
                resolved_on=form.cleaned_data["resolved_on"],
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The complaint is marked as resolved."))
    else:
        messages.error(request, _("Say how the complaint was resolved."))
    return redirect("cases:complaints")
