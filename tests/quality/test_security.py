"""Security settings and behaviour: CSP on every page, production hardening, login throttling,
password rules, session expiry, CSRF.

Each page is discovered from the URL resolver (tests/quality/pages.py), so new views are checked
without anyone listing them here.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.conftest import DEMO_PASSWORD, make_user
from tests.quality.pages import html_pages, parse

ROOT = Path(__file__).resolve().parents[2]
ROLES_TO_WALK = ["director", "finance", "board", "chair", "auditor"]


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _assert_page_is_csp_clean(url: str, response) -> None:
    header = response.get("Content-Security-Policy")
    assert header, f"{url}: no Content-Security-Policy header"
    csp = _csp_directives(header)
    script_src = csp.get("script-src", csp.get("default-src", []))
    assert script_src, f"{url}: CSP has neither script-src nor default-src"
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert bad not in script_src, f"{url}: script-src allows {bad}"
    assert csp.get("default-src") == ["'self'"], f"{url}: default-src {csp.get('default-src')}"
    assert "'unsafe-inline'" not in csp.get("style-src", []), f"{url}: inline styles allowed"
    assert csp.get("object-src") == ["'none'"]
    assert csp.get("frame-ancestors") == ["'none'"]
    assert csp.get("base-uri") == ["'self'"]
    # The markup itself must work under that policy: nothing inline for the browser to block.
    page = parse(response.content.decode(), url)
    assert not page.inline_scripts, f"{url}: inline <script>: {page.inline_scripts}"
    assert not page.handler_attrs, f"{url}: event-handler attributes: {page.handler_attrs}"
    assert not page.style_attrs, f"{url}: style attributes: {page.style_attrs}"
    assert page.style_blocks == 0, f"{url}: <style> blocks"
    assert not page.javascript_urls, f"{url}: javascript: URLs: {page.javascript_urls}"
    for src in page.scripts:
        assert src.startswith("/static/"), f"{url}: script from {src}"


@pytest.mark.parametrize("role", ROLES_TO_WALK)
def test_every_page_has_a_strict_csp_and_no_inline_code(client, vvnd, role):
    client.force_login(make_user(vvnd, role))
    seen = []
    for _route, url, response in html_pages(client, vvnd):
        _assert_page_is_csp_clean(url, response)
        seen.append(url)
    assert len(seen) >= 2, f"{role} reached too few pages: {seen}"


def test_public_pages_have_a_strict_csp(client, vvnd):
    seen = []
    for _route, url, response in html_pages(client, vvnd):
        _assert_page_is_csp_clean(url, response)
        seen.append(url)
    assert "/konto/logga-in/" in seen
    assert "/tillganglighet/" in seen


def test_error_pages_carry_the_policy_too(client, vvnd, outsider):
    client.force_login(outsider)
    response = client.get(f"/f/{vvnd.slug}/")
    assert response.status_code == 404
    assert "'unsafe-inline'" not in response.get("Content-Security-Policy", "'unsafe-inline'")


# --- production settings, checked in a fresh interpreter with production environment -----------


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="plan.example.se",
        DJANGO_SETTINGS_MODULE="finsam.settings",
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
c = Client(HTTP_HOST="plan.example.se")
plain = c.get("/healthz/")
secure = c.get("/healthz/", secure=True)
from django.test.utils import override_settings
# Static files are collected at deploy time; the probe renders a page without collecting.
plain_storage = {**s.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain_storage):
    login = c.get("/konto/logga-in/", secure=True)
print(json.dumps({
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "DEBUG": s.DEBUG,
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "nosniff": secure.get("X-Content-Type-Options", ""),
    "frame": secure.get("X-Frame-Options", ""),
    "referrer": secure.get("Referrer-Policy", ""),
    "csrf_cookie": str(login.cookies.get("csrftoken", "")),
}))
"""


def test_production_cookies_hsts_and_https_redirect():
    env = _production_env(DATABASE_URL="sqlite:///:memory:")
    result = _run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["DEBUG"] is False
    assert facts["SESSION_COOKIE_SECURE"] and facts["CSRF_COOKIE_SECURE"]
    assert facts["SESSION_COOKIE_HTTPONLY"]
    assert facts["SECURE_SSL_REDIRECT"]
    assert facts["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert facts["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert facts["plain_status"] == 301
    assert facts["plain_location"] == "https://plan.example.se/healthz/"
    assert "max-age=31536000" in facts["hsts"] and "includeSubDomains" in facts["hsts"]
    assert facts["nosniff"] == "nosniff"
    assert facts["frame"] == "DENY"
    assert facts["referrer"] == "same-origin"
    assert "secure" in facts["csrf_cookie"].lower()


# --- login throttling ---------------------------------------------------------------------------


def _try_login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        "/konto/logga-in/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_is_locked_after_repeated_failures(client, vvnd):
    make_user(vvnd, "finance", "kassor")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = _try_login(client, "kassor", "fel-losenord-1")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    # Even the right password is refused now, with a clear message and 429.
    response = _try_login(client, "kassor", DEMO_PASSWORD)
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Case changes in the username do not give new tries.
    assert _try_login(client, "KASSOR", DEMO_PASSWORD).status_code == 429
    # Another address is not locked out by someone else's failures.
    assert _try_login(Client(), "kassor", DEMO_PASSWORD, ip="10.0.0.2").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, vvnd):
    make_user(vvnd, "finance", "kassor")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _try_login(client, "kassor", "fel-losenord-1")
    assert _try_login(client, "kassor", DEMO_PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        _try_login(client, "kassor", "fel-losenord-1")
    assert _try_login(client, "kassor", DEMO_PASSWORD).status_code == 302


def test_one_address_cannot_spray_many_usernames(client, vvnd):
    """Guessing one password across many accounts from one address is throttled too."""
    for i in range(settings.LOGIN_FAILURE_IP_LIMIT):
        _try_login(client, f"gissning{i}", "sommar2025", ip="10.9.9.9")
    make_user(vvnd, "finance", "kassor")
    assert _try_login(client, "kassor", DEMO_PASSWORD, ip="10.9.9.9").status_code == 429
    assert _try_login(client, "kassor", DEMO_PASSWORD, ip="10.9.9.8").status_code == 302


def test_the_failure_count_is_shared_by_every_worker_and_runs_out(client, vvnd):
    """gunicorn runs several processes: a count in one process's memory would give every
    worker its own tries. The count is in the database, under hashes only."""
    from django.core.cache import cache

    from finsam.models import LoginFailures

    make_user(vvnd, "finance", "kassor")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _try_login(client, "kassor", "fel-losenord-1")
    cache.clear()  # what another worker's memory holds: nothing
    assert _try_login(Client(), "kassor", DEMO_PASSWORD).status_code == 429
    assert not LoginFailures.objects.filter(key__contains="kassor").exists()
    assert not LoginFailures.objects.filter(key__contains="10.0.0.1").exists()
    # When the window has run out, the right password works again.
    LoginFailures.objects.update(window_ends=timezone.now() - timedelta(seconds=1))
    assert _try_login(Client(), "kassor", DEMO_PASSWORD).status_code == 302


# --- passwords, sessions, CSRF ------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["kort", "123456789012", "password123", "qwertyuiop", "ekonomvvnd1", "ekonom-vvnd"],
)
def test_weak_passwords_are_refused(vvnd, password):
    user = make_user(vvnd, "finance", "ekonomvvnd")
    user.email = "ekonom-vvnd@example.se"
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_good_password_is_accepted(vvnd):
    validate_password("Lingon-Tuva-2025-Kassa", make_user(vvnd, "finance"))


def test_password_change_form_applies_the_validators(client, vvnd):
    client.force_login(make_user(vvnd, "finance"))
    response = client.post(
        "/konto/losenord/",
        {"old_password": DEMO_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 422  # as every posted form with errors
    assert "field-errors" in response.content.decode() or "errorlist" in response.content.decode()
    assert client.login(username="finance-vvnd", password=DEMO_PASSWORD)


def test_sessions_end_within_a_working_day_and_at_browser_close(client, vvnd):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
    make_user(vvnd, "finance", "kassor")
    response = _try_login(client, "kassor", DEMO_PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["max-age"], "a session cookie must not outlive the browser"
    session = Session.objects.get(session_key=cookie.value)
    assert session.expire_date <= timezone.now() + timedelta(hours=8, minutes=1)


def test_an_expired_session_sends_the_user_to_login(client, vvnd):
    make_user(vvnd, "finance", "kassor")
    assert _try_login(client, "kassor", DEMO_PASSWORD).status_code == 302
    assert client.get(f"/f/{vvnd.slug}/").status_code == 200
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    session.expire_date = timezone.now() - timedelta(seconds=1)
    session.save()
    response = client.get(f"/f/{vvnd.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_logout_needs_post_and_ends_the_session(client, vvnd):
    client.force_login(make_user(vvnd, "finance"))
    assert client.get("/konto/logga-ut/").status_code == 405
    client.post("/konto/logga-ut/")
    assert client.get(f"/f/{vvnd.slug}/").status_code == 302


def test_forms_need_a_csrf_token(vvnd):
    strict = Client(enforce_csrf_checks=True)
    make_user(vvnd, "finance", "kassor")
    response = strict.post("/konto/logga-in/", {"username": "kassor", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    strict.force_login(make_user(vvnd, "director"))
    for _route, url, page in html_pages(strict, vvnd):
        for form in parse(page.content.decode(), url).forms:
            if form.method == "post":
                names = [f.name for f in form.fields]
                assert "csrfmiddlewaretoken" in names, f"{url}: POST form without CSRF token"
