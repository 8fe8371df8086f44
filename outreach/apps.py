from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

MODELS = (
    "place",
    "board",
    "boardinspection",
    "leaflet",
    "leafletedition",
    "printrun",
    "distribution",
    "session",
    "sessionphoto",
    "mediaitem",
    "target",
)
# What staff who go out to the communes record (the director and both departments, branches too).
RECORDED = (
    "place",
    "board",
    "boardinspection",
    "leaflet",
    "leafletedition",
    "printrun",
    "distribution",
    "session",
    "sessionphoto",
    "mediaitem",
)


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from legalaid.indicators import MeasureUnit, register, register_target_provider
        from legalaid.roles import Role, grant
        from outreach import coverage

        view = [f"outreach.view_{m}" for m in MODELS]
        for role in (Role.DIRECTOR, Role.INTAKE_OFFICER, Role.ASSISTANT, Role.OFFICIAL, Role.ADMINISTRATOR):
            grant(role, *view)
        for role in (Role.DIRECTOR, Role.INTAKE_OFFICER, Role.ASSISTANT):
            grant(role, *(f"outreach.{verb}_{m}" for m in RECORDED for verb in ("add", "change")))
        grant(Role.DIRECTOR, "outreach.add_target", "outreach.change_target", "outreach.delete_target")
        grant(
            Role.ADMINISTRATOR,
            *(f"outreach.{verb}_{m}" for m in MODELS for verb in ("add", "change", "delete")),
        )

        indicators = [
            (
                "outreach.sessions",
                _("Outreach sessions"),
                MeasureUnit.COUNT,
                ("kind", "programme", "commune"),
                _(
                    "Sessions held in the period, led by a unit of the scope; filter kind: direct, mobile, "
                    "club, thematic (one or a list)."
                ),
                coverage.indicator_sessions,
            ),
            (
                "outreach.attendees",
                _("People attending outreach sessions"),
                MeasureUnit.PEOPLE,
                ("kind", "group", "commune"),
                _("Attendees of the sessions; group: women or minority."),
                coverage.indicator_attendees,
            ),
            (
                "outreach.communes_reached",
                _("Communes reached by a mobile or direct session"),
                MeasureUnit.COUNT,
                ("disadvantaged", "commune"),
                _("Communes of the scope's area with at least one mobile or direct session."),
                coverage.indicator_communes_reached,
            ),
            (
                "outreach.communes_not_reached",
                _("Communes not yet reached"),
                MeasureUnit.COUNT,
                ("disadvantaged",),
                _("Communes of the scope's area with no mobile or direct session in the period."),
                coverage.indicator_communes_not_reached,
            ),
            (
                "outreach.commune_coverage",
                _("Share of communes reached"),
                MeasureUnit.PERCENT,
                ("disadvantaged",),
                _("Communes reached as a share of the communes of the scope's area."),
                coverage.indicator_commune_coverage,
            ),
            (
                "outreach.board_coverage",
                _("Places with a board in good condition"),
                MeasureUnit.PERCENT,
                ("place_kind", "commune"),
                _("Share of active places with a board or box in good condition at the end of the period."),
                coverage.indicator_board_coverage,
            ),
            (
                "outreach.boards_installed",
                _("Boards and boxes installed"),
                MeasureUnit.COUNT,
                (),
                "",
                coverage.indicator_boards_installed,
            ),
            (
                "outreach.boards_replaced",
                _("Boards and boxes replaced"),
                MeasureUnit.COUNT,
                (),
                "",
                coverage.indicator_boards_replaced,
            ),
            (
                "outreach.boards_to_replace",
                _("Boards and boxes to replace"),
                MeasureUnit.COUNT,
                (),
                _("Worn, damaged or missing at the end of the period."),
                coverage.indicator_boards_to_replace,
            ),
            (
                "outreach.leaflets_distributed",
                _("Leaflets handed out"),
                MeasureUnit.COUNT,
                ("leaflet", "commune"),
                "",
                coverage.indicator_leaflets_distributed,
            ),
            (
                "outreach.leaflets_printed",
                _("Leaflets printed"),
                MeasureUnit.COUNT,
                ("leaflet",),
                "",
                coverage.indicator_leaflets_printed,
            ),
            (
                "outreach.media_items",
                _("Media items"),
                MeasureUnit.COUNT,
                ("kind",),
                _("Radio, television, newspaper, website, Facebook and Zalo items."),
                coverage.indicator_media_items,
            ),
        ]
        links = {
            "outreach.sessions": ("outreach:session_list", ""),
            "outreach.attendees": ("outreach:session_list", ""),
            "outreach.communes_reached": ("outreach:coverage", "#communes"),
            "outreach.communes_not_reached": ("outreach:coverage", "#communes"),
            "outreach.commune_coverage": ("outreach:coverage", "#communes"),
            "outreach.board_coverage": ("outreach:coverage", "#boards"),
            "outreach.boards_to_replace": ("outreach:replacement_list", ""),
            "outreach.leaflets_distributed": ("outreach:leaflet_list", ""),
            "outreach.leaflets_printed": ("outreach:leaflet_list", ""),
            "outreach.media_items": ("outreach:media_list", ""),
        }
        for key, label, unit, filters, description, function in indicators:
            link = coverage.records_link(*links[key]) if key in links else None
            register(key, label=label, unit=unit, filters=filters, description=description, link=link)(
                function
            )

        register_target_provider(coverage.target_provider)
        from legalaid.indicators import register_filter_choices
        from outreach.models import MediaItem, Session

        for key in ("outreach.sessions", "outreach.attendees"):
            register_filter_choices(key, "kind", lambda: list(Session.Kind.choices))
        register_filter_choices("outreach.media_items", "kind", lambda: list(MediaItem.Kind.choices))

        from legalaid import demo
        from outreach.demo import build_demo

        demo.register(build_demo)
