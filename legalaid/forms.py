from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from legalaid.accounts.lockout import lockout_message
from legalaid.models import PeriodicReport
from legalaid.validation import YEAR_MAX, YEAR_MIN, count_field, date_field


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct. Both are case-sensitive."),
        "inactive": _("This account has been locked. Please contact the administrator."),
    }

    def get_invalid_login_error(self):
        # django-axes refused the attempt (or this failure reached the limit): say so, not
        # "wrong password", or the person keeps trying a password that is right.
        if getattr(self.request, "axes_locked_out", False):
            return forms.ValidationError(lockout_message(), code="locked_out")
        return super().get_invalid_login_error()


class PeriodicReportCreateForm(forms.ModelForm):
    class Meta:
        model = PeriodicReport
        fields = ["unit", "kind", "year"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].widget = forms.NumberInput(attrs={"min": 2018, "max": 2100})
        self.fields["year"].validators += [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("unit")
            and PeriodicReport.objects.filter(
                unit=cleaned["unit"], kind=cleaned.get("kind"), year=cleaned.get("year")
            ).exists()
        ):
            raise forms.ValidationError(
                _("This unit already has a report for that period: open it from the list.")
            )
        return cleaned


class PeriodicReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PeriodicReport
        fields = list(PeriodicReport.NARRATIVE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in PeriodicReport.NARRATIVE_FIELDS}


class PeriodicReportIssueForm(forms.Form):
    number = count_field(_("Number"), min_value=1, required=False)
    report_date = date_field(_("Date"))


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
