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
