from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from legalaid import queue as work_queue
        from legalaid.roles import Role, grant

        from . import demo, indicators, queue

        grant(
            Role.DIRECTOR,
            "cases.view_case",
            "cases.add_case",
            "cases.export_case",
            "cases.view_complaint",
            "cases.add_complaint",
            "cases.view_payment",
            "cases.add_payment",
            "cases.view_evaluation",
        )
        grant(
            Role.INTAKE_OFFICER,
            "cases.view_case",
            "cases.add_case",
            "cases.export_case",
            "cases.view_complaint",
            "cases.add_complaint",
        )
        grant(Role.ASSISTANT, "cases.view_case")
        grant(Role.PERFORMER, "cases.view_case")
        grant(
            Role.OFFICIAL,
            "cases.view_case",
            "cases.export_case",
            "cases.view_complaint",
            "cases.view_evaluation",
            "cases.add_evaluation",
            "cases.view_payment",
        )
        # Personal data leaves the system: the export for the Ministry's software (a data migration).
        grant(Role.DIRECTOR, "cases.export_national")
        grant(Role.ADMINISTRATOR, "cases.export_national")
        # The log of who was shown sensitive data (cases/views/privacy.py), for their subtree.
        grant(Role.DIRECTOR, "cases.view_sensitiveview")
        admin_models = ("performerrule", "criterion", "qualityoutcome", "deadlinerule")
        for model in admin_models:
            grant(
                Role.ADMINISTRATOR, *(f"cases.{verb}_{model}" for verb in ("add", "change", "delete", "view"))
            )
        indicators.register_all()
        demo.register_demo()
        work_queue.register(queue.home_queue)
        work_queue.register(queue.complaints_queue)
