from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "legalaid"
    verbose_name = _("Legal aid: shared settings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from legalaid import indicators, roles, services
        from legalaid.accounts.middleware import note_login
        from legalaid.roles import Role, grant

        user_logged_in.connect(note_login, dispatch_uid="legalaid.accounts.login")

        reference = [
            f"legalaid.view_{model}"
            for model in (
                "province",
                "commune",
                "legalaidform",
                "legalfield",
                "beneficiarycategory",
                "proofdocumenttype",
                "categoryproof",
                "calendaroverride",
            )
        ]
        for role in Role:
            grant(role, *reference)
        for role in (Role.DIRECTOR, Role.INTAKE_OFFICER, Role.ASSISTANT, Role.OFFICIAL):
            grant(role, "legalaid.view_unit")
        for role in (Role.DIRECTOR, Role.OFFICIAL, Role.ADMINISTRATOR):
            grant(role, "legalaid.view_user")
        admin_models = (
            "unit",
            "user",
            "commune",
            "legalaidform",
            "legalfield",
            "beneficiarycategory",
            "proofdocumenttype",
            "categoryproof",
            "calendaroverride",
            "statisticstable",
            "statisticsrow",
            "statisticscolumn",
            "periodicreport",
        )
        for model in admin_models:
            grant(
                Role.ADMINISTRATOR,
                *(f"legalaid.{verb}_{model}" for verb in ("add", "change", "delete", "view")),
            )
        grant(Role.ADMINISTRATOR, "legalaid.view_province", "legalaid.view_job", "legalaid.view_notification")
        # Failed logins (unlocking: delete the attempts) and code generators (a lost phone).
        grant(
            Role.ADMINISTRATOR,
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "axes.view_accesslog",
            "otp_totp.view_totpdevice",
            "otp_totp.delete_totpdevice",
        )
        for role in (Role.DIRECTOR, Role.OFFICIAL, Role.ADMINISTRATOR):
            grant(role, "legalaid.view_dashboard")
        # Periodic reports: the administrative department drafts, the director issues.
        for role in (Role.DIRECTOR, Role.INTAKE_OFFICER, Role.OFFICIAL, Role.ADMINISTRATOR):
            grant(role, "legalaid.view_periodicreport")
        for role in (Role.DIRECTOR, Role.INTAKE_OFFICER):
            grant(role, "legalaid.add_periodicreport", "legalaid.change_periodicreport")

        indicators.register(
            "legalaid.active_users",
            label=_("Active user accounts"),
            unit=indicators.MeasureUnit.PEOPLE,
            description=_("Accounts that are active and were created by the end of the period."),
            link=services.active_users_link,
        )(services.active_users)

        post_migrate.connect(roles.sync_roles, dispatch_uid="legalaid.sync_roles")
