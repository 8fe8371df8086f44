def test_named_people_log_in_with_the_shared_password(client, director):
    assert client.login(username="giamdoc", password="Mat-khau-2026")
    assert client.get("/").status_code == 200
