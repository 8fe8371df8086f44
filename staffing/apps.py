from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        from legalaid import demo, notices
        from legalaid import queue as work_queue
        from legalaid.roles import Role, grant
        from staffing import demo as staffing_demo
        from staffing import indicators, services
        from staffing import queue as staffing_queue

        models = ("person", "ethnicity", "staffingyear", "assistantquota", "training", "attendance")
        for role in (Role.DIRECTOR, Role.INTAKE_OFFICER, Role.ASSISTANT, Role.OFFICIAL, Role.ADMINISTRATOR):
            grant(role, *(f"staffing.view_{m}" for m in models))
        for model in models:
            grant(Role.ADMINISTRATOR, *(f"staffing.{verb}_{model}" for verb in ("add", "change", "delete")))
        grant(Role.DIRECTOR, "staffing.change_person")
        # Personal data leaves the system: the export for the Ministry's software (migration 0003).
        grant(Role.DIRECTOR, "staffing.export_national")
        grant(Role.ADMINISTRATOR, "staffing.export_national")
        # Who puts people on the public roster or withdraws them (within their unit's subtree).
        grant(Role.DIRECTOR, "staffing.publish_person")
        grant(Role.ADMINISTRATOR, "staffing.publish_person")
        indicators.register_all()
        demo.register(staffing_demo.build)
        notices.register(services.home_notices)
        work_queue.register(staffing_queue.home_queue)
