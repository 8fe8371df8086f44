from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from legalaid import demo
        from legalaid.roles import Role, grant
        from planning.bindings import register_reference_lists
        from planning.demo import build_demo_plan
        from planning.indicators import register_all

        view = ("planning.view_plan", "planning.view_activity", "planning.view_target")
        for role in (Role.DIRECTOR, Role.INTAKE_OFFICER, Role.ASSISTANT, Role.OFFICIAL, Role.ADMINISTRATOR):
            grant(role, *view)
        # The director and the administrator bring plans in; Phòng HC-TH follows the plan up
        # ("theo dõi, đôn đốc"), so intake officers mark activities and bind targets too.
        for role in (Role.DIRECTOR, Role.ADMINISTRATOR):
            grant(
                role,
                "planning.add_plan",
                "planning.change_plan",
                "planning.change_target",
                "planning.add_target",
                "planning.change_activity",
                "planning.add_progressnote",
            )
        grant(
            Role.INTAKE_OFFICER,
            "planning.change_activity",
            "planning.change_target",
            "planning.add_target",
            "planning.add_progressnote",
        )
        grant(Role.ASSISTANT, "planning.add_progressnote")
        demo.register(build_demo_plan)
        # The plans' figures, their targets and status by unit, for the dashboard.
        register_all()
        # The values of the reference-list filters, for binding targets from lists.
        register_reference_lists()
        # legalaid's sync_roles runs before auth creates this app's permissions (legalaid is
        # connected first); sync once more after them so the roles get planning's permissions.
        post_migrate.connect(_sync_roles_again, sender=self, dispatch_uid="planning.sync_roles")


def _sync_roles_again(**kwargs) -> None:
    from legalaid.roles import sync_roles

    sync_roles(**kwargs)
