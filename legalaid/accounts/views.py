"""Account pages: the user's own account, password change and reset, the second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "legalaid/account.html", {})


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
