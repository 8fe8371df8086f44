from django.urls import reverse

from legalaid.models import Commune, Unit, User


def test_a_change_in_the_admin_is_recorded_with_who_made_it(client, org, administrator):
    client.force_login(administrator)
    url = reverse("admin:legalaid_commune_change", args=[org.communes[3].pk])
    response = client.post(url, {"extremely_disadvantaged": "on", "active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    commune = Commune.objects.get(pk=org.communes[3].pk)
    assert commune.extremely_disadvantaged
    record = commune.history.latest()
    assert record.history_user == administrator
    assert record.history_type == "~"


def test_people_and_units_keep_their_history(org, director):
    director.title = "Phó Giám đốc"
    director.save()
    assert [h.title for h in User.history.filter(id=director.pk).order_by("history_date")][
        -1
    ] == "Phó Giám đốc"
    assert not hasattr(User.history.model, "password")  # the history never copies password hashes
    org.branch.name = "Chi nhánh số 1 (Tràng Định)"
    org.branch.save()
    assert Unit.history.filter(id=org.branch.pk).count() == 2


def test_the_copy_path_writes_the_same_rows_and_history_as_simple_historys_bulk_path(org, administrator):
    """``copy_with_history`` (COPY, for imports of thousands) and ``bulk_create_with_history``
    (simple-history's bulk API) write the same person rows and the same history rows, column by
    column, the ids and the moment of writing aside."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from legalaid.history import bulk_create_with_history, copy_with_history
    from staffing.models import Person

    moment = datetime(2026, 12, 12, 23, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

    def people(suffix: str) -> list[Person]:
        made = []
        for i, (name, born) in enumerate([("Hoàng Văn Thái", date(1978, 4, 12)), ("Nông Thị Lụa", None)]):
            person = Person(
                full_name=name,
                citizen_id=f"0201860123{suffix}{i}",
                sex="female" if i else "male",
                date_of_birth=born,
                kind=Person.Kind.COLLABORATOR,
                unit=org.branch,
                commune=org.communes[i],
                card_number=f"CTV-{suffix}-{i}",
                is_village_head=not i,
            )
            person.refresh_name_keys()
            made.append(person)
        return made

    copied = copy_with_history(
        people("1"), Person, by=administrator, reason="Nhập từ bảng tính", default_date=moment
    )
    bulked = people("2")
    for person in bulked:
        person._history_date = moment
    bulk_create_with_history(bulked, Person, by=administrator, reason="Nhập từ bảng tính")
    skip = {"id", "created_at", "updated_at", "citizen_id", "card_number", "history_id"}

    def columns(row) -> dict:
        return {k: v for k, v in row.items() if k not in skip}

    for a, b in zip(copied, bulked, strict=True):
        assert a.pk is not None and b.pk is not None
        assert columns(Person.objects.filter(pk=a.pk).values().get()) == columns(
            Person.objects.filter(pk=b.pk).values().get()
        )
        history_a = Person.history.filter(id=a.pk).values().get()
        history_b = Person.history.filter(id=b.pk).values().get()
        assert columns(history_a) == columns(history_b)
        assert (history_a["history_type"], history_a["history_user_id"]) == ("+", administrator.pk)
        assert history_a["history_change_reason"] == "Nhập từ bảng tính"
        assert history_a["history_date"] == moment
        assert history_a["created_at"] is not None and history_a["updated_at"] is not None
