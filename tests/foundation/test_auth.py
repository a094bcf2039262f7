import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def test_login_is_throttled_after_repeated_failures(client, db):
    for _ in range(5):
        r = client.post("/konto/logga-in/", {"username": "chef", "password": "fel"})
        assert r.status_code == 200
    r = client.post("/konto/logga-in/", {"username": "chef", "password": "demo-losen-2025"})
    assert r.status_code == 429
    assert "För många misslyckade inloggningar" in r.content.decode()


def test_login_page_is_swedish_by_default(client, db):
    r = client.get("/konto/logga-in/")
    assert r.status_code == 200
    html = r.content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html


def test_english_can_be_chosen(client, db):
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/konto/logga-in/"})
    assert r.status_code == 302
    r = client.get("/konto/logga-in/")
    assert '<html lang="en">' in r.content.decode()


@pytest.mark.parametrize("password", ["kort", "1234567890123", "password123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_pages_send_a_csp_without_unsafe_inline_scripts(client, db):
    r = client.get("/konto/logga-in/")
    csp = r["Content-Security-Policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in csp


def test_session_expires(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_logout_needs_post(client, db):
    from members.models import User

    client.force_login(User.objects.get(username="chef"))
    assert client.get("/konto/logga-ut/").status_code == 405
    assert client.post("/konto/logga-ut/").status_code == 302
