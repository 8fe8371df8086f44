from django.http import HttpRequest


def test_named_people_log_in_with_the_shared_password(client, director):
    # django-axes checks every authentication against its request: the test client passes none.
    assert client.login(request=HttpRequest(), username="giamdoc", password="Mat-khau-2026")
    assert client.get("/").status_code == 200
