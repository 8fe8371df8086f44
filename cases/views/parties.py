"""The parties declared on a case page (opposing party, relatives, other parties)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.refusal import Refusal

from .. import access, forms, services
from ..models import CaseParty


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def party_add(request, pk: int):
    case = access.get_case_for_user(request.user, pk)
    form = forms.CasePartyForm(request.POST)
    if form.is_valid():
        try:
            services.case_party_add(case=case, by=request.user, **form.cleaned_data)
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The party was recorded."))
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#parties")


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def party_remove(request, pk: int, party_pk: int):
    case = access.get_case_for_user(request.user, pk)
    party = CaseParty.objects.filter(case=case, pk=party_pk).first()
    if party is None:
        raise Http404
    try:
        services.case_party_remove(party=party, by=request.user, reason=request.POST.get("reason", "")[:255])
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The party was removed."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#parties")
