"""Access policies of the staffing app's URLs (legalaid.policy explains the declaration)."""

from __future__ import annotations

from legalaid.policy import FORM, POST, Kind, Policy, Scope

from . import access, services

NAMESPACE = "staffing"
VIEW = "staffing.view_person"

PERSON = Scope("staffing.Person", access.visible_people)
PUBLISH = "staffing.publish_person"


def _latest_import() -> dict:
    return {"stamp": services.latest_import_stamp()}


POLICIES = {
    "index": Policy(Kind.PAGE, VIEW),
    "person_list": Policy(Kind.PAGE, VIEW),
    "person_export": Policy(Kind.XLSX, VIEW),
    "national_export": Policy(Kind.PAGE, "staffing.export_national", methods=FORM),
    "import_template": Policy(Kind.XLSX, VIEW),
    "person_detail": Policy(Kind.PAGE, VIEW, scope=PERSON),
    "person_change_status": Policy(
        Kind.ACTION, "staffing.change_person", methods=POST, writes=True, scope=PERSON
    ),
    "trainings": Policy(Kind.PAGE, "staffing.view_training"),
    # The public roster's publish step: the director and administrators, their unit's subtree.
    "person_publish": Policy(Kind.ACTION, PUBLISH, methods=POST, writes=True, scope=PERSON),
    "person_unpublish": Policy(Kind.ACTION, PUBLISH, methods=POST, writes=True, scope=PERSON),
    "people_publish": Policy(Kind.ACTION, PUBLISH, methods=POST, writes=True),
    "imports": Policy(Kind.PAGE, PUBLISH),
    "import_detail": Policy(Kind.PAGE, PUBLISH, kwargs=_latest_import),
    "import_publish": Policy(Kind.ACTION, PUBLISH, methods=POST, writes=True, kwargs=_latest_import),
    # The public roster: anyone, only the published people's public fields (access.public_facts).
    "roster": Policy(Kind.PAGE, public=True),
    "roster_pdf": Policy(Kind.PDF, public=True),
}
