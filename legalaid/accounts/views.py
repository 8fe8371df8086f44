"""Account pages: the user's own account, password change and reset, the second factor."""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from legalaid.accounts.access import may_use_second_factor, must_use_second_factor
from legalaid.accounts.middleware import CODE, ENROL, NONE, SECOND_FACTOR, second_factor_settled
from legalaid.accounts.services import (
    second_factor_confirm,
    second_factor_remove,
    second_factor_start,
    second_factor_verify,
)
from legalaid.forms import PasswordConfirmForm, TokenForm
from legalaid.refusal import Refusal, add_to_form


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "may_use_second_factor": may_use_second_factor(user),  # type: ignore[arg-type]
        "has_second_factor": user_has_device(user, confirmed=True),
        "remove_form": PasswordConfirmForm(),
    }
    return render(request, "legalaid/account.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = PasswordChangeView.as_view()

_reset_by_email = auth_views.PasswordResetView.as_view(
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)


@login_not_required
def password_reset(request: HttpRequest) -> HttpResponseBase:
    """By e-mail where the deployment can send mail (``EMAIL_URL``); otherwise the page says to
    ask an administrator, who hands over a one-time link from the user admin."""
    if not settings.PASSWORD_RESET_BY_EMAIL:
        return render(request, "registration/password_reset_unavailable.html")
    return _reset_by_email(request)


password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def login_code(request: HttpRequest) -> HttpResponse:
    """The login's second step: the 6-digit code of the user's code generator."""
    if request.session.get(SECOND_FACTOR) != CODE or request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_verify(user=request.user, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            second_factor_settled(request, device)
            return redirect(_next_url(request))
    return render(
        request,
        "registration/login_code.html",
        {"form": form, "next": request.GET.get(REDIRECT_FIELD_NAME, "")},
    )


def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up a code generator: scan the QR code (or type the secret), then confirm a first code."""
    try:
        device = second_factor_start(user=request.user)  # type: ignore[arg-type]
    except Refusal as refusal:
        messages.error(request, str(refusal.message))
        return redirect("account")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_confirm(user=request.user, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        except Refusal as refusal:
            add_to_form(form, refusal)
        else:
            second_factor_settled(request, device)
            messages.success(
                request, _("The code generator is set up: from now on, login asks for its code.")
            )
            return redirect(_next_url(request) if request.GET.get(REDIRECT_FIELD_NAME) else "account")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4)),  # noqa: S308  # segno's own SVG
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": must_use_second_factor(request.user),  # type: ignore[arg-type]
    }
    return render(request, "legalaid/account_second_factor.html", context)


@require_POST
def second_factor_remove_view(request: HttpRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST)
    if form.is_valid():
        try:
            second_factor_remove(user=request.user, password=form.cleaned_data["password"])  # type: ignore[arg-type]
        except Refusal as refusal:
            messages.error(request, str(refusal.message))
        else:
            request.session[SECOND_FACTOR] = ENROL if must_use_second_factor(request.user) else NONE  # type: ignore[arg-type]
            messages.success(request, _("The code generator is removed: login asks for the password only."))
    return redirect("account")
