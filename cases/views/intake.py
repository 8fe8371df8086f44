"""Receiving a request: the intake form, the lookup of people already registered, the proving
papers and the files kept with a case (scans, work results)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legalaid.models import BeneficiaryCategory, Unit
from legalaid.refusal import DUPLICATE, Refusal, add_to_form
from legalaid.roles import visible_units
from legalaid.text import search_key
from legalaid.validation import is_ascii_digits, query_date, query_id, query_text

from .. import access, forms, services
from ..eligibility import CONTRADICTED
from ..models import Beneficiary, Case, ProofPaper, SensitiveView, WorkEntry
from ..services.known_person import known_person, proof_papers_reuse


def _receiving_units(user):
    return visible_units(user).filter(
        kind__in=[Unit.Kind.CENTRE, Unit.Kind.DEPARTMENT, Unit.Kind.BRANCH], active=True
    )


@permission_required("cases.add_case", raise_exception=True)
def person_lookup(request):
    """As-you-type lookup of people already registered, without diacritics: the people of the
    cases the user may see."""
    key = search_key(query_text(request, "q"))
    if len(key) < 2:
        return JsonResponse({"results": []})
    people = access.visible_beneficiaries(request.user).select_related("commune")
    people = (
        people.filter(Beneficiary.citizen_id_matches(key))
        if is_ascii_digits(key)
        else people.filter(Beneficiary.name_matches(key))
    )
    found = list(people.order_by("name_sort_key")[:10])
    # Contact data of a person with a sensitive case the user may not see is masked (cases.access).
    hidden = access.hidden_contact_people(request.user, [p.pk for p in found])
    results = [
        {
            "id": p.pk,
            "name": p.full_name,
            "birth": access.protected() if p.pk in hidden else _birth(p),
            "citizen_id": access.protected() if p.pk in hidden else p.citizen_id,
            "commune": p.commune.name if p.commune_id else "",
        }
        for p in found
    ]
    return JsonResponse({"results": results})


@permission_required("cases.add_case", raise_exception=True)
def person_record(request):
    """What intake should know of the person chosen (``?id=``, one the user may find) for a
    request of ``?date=``: their open cases (register number, state, unit and a link: nothing of
    the matter), and the proving papers verified on an earlier case that are still valid then.
    No person named: nothing to say; one outside the user's people: 404."""
    pk = query_id(request, "id")
    if pk is None:
        return JsonResponse({"open_cases": [], "open_elsewhere": 0, "papers": []})
    person = get_object_or_404(access.visible_beneficiaries(request.user), pk=pk)
    today = timezone.localdate()
    request_date = min(query_date(request, "date", default=today), today)
    known = known_person(request.user, person, request_date)
    return JsonResponse(
        {
            "open_cases": [
                {
                    "url": reverse("cases:detail", args=[c.pk]),
                    "number": str(c),
                    "status": c.get_status_display(),
                    "unit": c.unit.name,
                    "request_date": c.request_date.strftime("%d/%m/%Y"),
                }
                for c in known.open_cases
            ],
            "open_elsewhere": known.open_elsewhere,
            "papers": [
                {
                    "id": p.pk,
                    "type": p.document_type.name,
                    "number": p.number,
                    "issued_on": p.issued_on.strftime("%d/%m/%Y") if p.issued_on else "",
                    "issuer": p.issuer,
                    "case": str(p.case),
                }
                for p in known.papers
            ],
        }
    )


def _birth(person: Beneficiary) -> str:
    return person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else ""


def _new_beneficiary(data) -> services.BeneficiaryData:
    return services.BeneficiaryData(
        full_name=data["full_name"],
        sex=data["sex"],
        date_of_birth=data["date_of_birth"],
        ethnicity_id=data["ethnicity"].pk if data["ethnicity"] else None,
        citizen_id=data["citizen_id"] or "",
        commune_id=data["commune"].pk if data["commune"] else None,
        address=data["address"],
        phone=data["phone"],
    )


@permission_required("cases.add_case", raise_exception=True)
def intake(request):
    units = _receiving_units(request.user)
    duplicates, elsewhere, contradicted = [], 0, False
    if request.method == "POST":
        form = forms.IntakeForm(request.POST, units=units, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            existing = None
            if data["existing_beneficiary"]:
                # Only a person the user may find: any other id is refused as a URL would be.
                chosen = access.visible_beneficiaries(request.user).filter(pk=data["existing_beneficiary"])
                existing = chosen.first()
                if existing is None:
                    raise Http404
            try:
                case = services.case_receive(
                    by=request.user,
                    unit=data["unit"],
                    request_date=data["request_date"],
                    categories=list(data["categories"]),
                    form=data["form"],
                    field=data["field"],
                    description=data["description"],
                    beneficiary=existing,
                    new_beneficiary=None if existing else _new_beneficiary(data),
                    allow_duplicate=data["confirm_new_person"],
                    channel=data["channel"],
                    urgent=data["urgent"],
                    requester_kind=data["requester_kind"],
                    requester_name=data["requester_name"],
                    requester_relation=data["requester_relation"],
                    requester_phone=data["requester_phone"],
                    requester_agency=data["requester_agency"],
                    forwarding_document=data["forwarding_document"],
                    outreach_session=data["outreach_session"],
                    category_override_reason=data["category_override_reason"],
                    procedural_role=data["procedural_role"],
                )
            except Refusal as refusal:
                contradicted = refusal.code == CONTRADICTED
                duplicates = refusal.details.get("candidates", []) if refusal.code == DUPLICATE else []
                elsewhere = refusal.details.get("elsewhere", 0) if refusal.code == DUPLICATE else 0
                add_to_form(form, refusal)
            else:
                messages.success(request, _("The request was received. Now check the proving papers."))
                reused = proof_papers_reuse(case=case, by=request.user, paper_ids=data["reuse_papers"])
                if reused:
                    messages.info(
                        request,
                        _("Papers reused from an earlier case: %(papers)s.")
                        % {"papers": "; ".join(str(p) for p in reused)},
                    )
                return redirect("cases:detail", pk=case.pk)
    else:
        form = forms.IntakeForm(units=units, user=request.user, initial={"unit": request.user.unit_id})
    categories = BeneficiaryCategory.objects.valid_on(timezone.localdate()).filter(active=True)
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "duplicates": duplicates,
            "elsewhere": elsewhere,
            "contradicted": contradicted,
            # Contact data of a person with a sensitive case the clerk may not see stays masked.
            "hidden": access.hidden_contact_people(request.user, [p.pk for p in duplicates]),
            "valid_today": set(categories.values_list("pk", flat=True)),
        },
    )


@require_POST
@permission_required("cases.view_case", raise_exception=True)
def paper_add(request, pk: int):
    case = access.get_case_for_user(request.user, pk)
    form = forms.PaperForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.proof_paper_add(
                case=case,
                by=request.user,
                document_type=data["document_type"],
                number=data["number"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                scan=data["scan"],
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The paper was recorded."))
    else:
        messages.error(
            request,
            _("Check the paper: %(errors)s")
            % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect(reverse("cases:detail", args=[case.pk]) + "#papers")


def _private_file(request, case: Case, file_field):
    if not access.may_see_sensitive(request.user, case) or not file_field:
        raise Http404
    view_name = request.resolver_match.view_name
    services.log_views(request.user, [case], kind=SensitiveView.Kind.SCAN, url_name=view_name)
    name = file_field.name.rsplit("/", 1)[-1]
    response = FileResponse(file_field.open("rb"), as_attachment=False, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("cases.view_case", raise_exception=True)
def paper_scan(request, pk: int, paper_pk: int):
    case = access.get_case_for_user(request.user, pk)
    paper = get_object_or_404(ProofPaper, pk=paper_pk, case=case)
    return _private_file(request, case, paper.scan)


@permission_required("cases.view_case", raise_exception=True)
def work_result(request, pk: int, entry_pk: int):
    case = access.get_case_for_user(request.user, pk)
    entry = get_object_or_404(WorkEntry, pk=entry_pk, case=case)
    return _private_file(request, case, entry.result)
