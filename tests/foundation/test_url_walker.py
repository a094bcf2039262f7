"""Walks every URL pattern with every role, an outsider and an anonymous visitor.

For views under /f/<assoc>/ the view must declare its capability (finsam.access.association_view);
a role without it gets 403, a user of another association 404, an anonymous visitor the login
page. Nothing may answer 500. New views are covered automatically.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from members.roles import Cap, Role, role_can
from tests.conftest import make_user
from tests.url_kwargs import all_kwargs, walk_plan

PUBLIC = {"login", "accessibility", "healthz", "set_language"}
SKIP_NAMESPACES = {"admin"}  # Django's admin has its own staff checks


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from _patterns(p, prefix + str(p.pattern), f"{ns}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _full_name(route, pattern):
    return route


ROUTES = sorted(_patterns(), key=lambda rp: rp[0])
ASSOC_ROUTES = [(r, p) for r, p in ROUTES if r.startswith("f/<slug:assoc>/")]
ROLES = [r.value for r in Role]


def _url(route: str, association) -> str:
    import re

    kwargs = all_kwargs()
    url = route

    def fill(m):
        name = m.group(2)
        if name not in kwargs:
            pytest.fail(
                f"No value for URL keyword '{name}' in {route}: add it to tests/<app>/url_kwargs.py"
            )
        return str(kwargs[name](association))

    url = re.sub(r"<(?:(\w+):)?(\w+)>", fill, url)
    return "/" + url


def _capability(pattern) -> Cap:
    cap = getattr(pattern.callback, "finsam_capability", None)
    assert cap is not None, f"{pattern.name}: views under /f/<assoc>/ must use association_view"
    return cap


def _allowed(role: str, cap: Cap, route: str) -> bool:
    if not role_can(role, cap):
        return False
    if "<int:plan_id>" in route:  # the walk plan is a draft
        return role_can(role, Cap.READ_DRAFT)
    return True


def test_the_walk_reaches_plan_views():
    assert len(ASSOC_ROUTES) >= 3


@pytest.mark.parametrize(("route", "pattern"), ASSOC_ROUTES, ids=[r for r, _ in ASSOC_ROUTES])
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_exactly_what_its_capability_allows(client, vvnd, route, pattern, role):
    walk_plan(vvnd)
    cap = _capability(pattern)
    url = _url(route, vvnd)
    client.force_login(make_user(vvnd, role))
    for method in ("get", "post"):
        response = getattr(client, method)(url, HTTP_HX_REQUEST="true" if method == "post" else "")
        status = response.status_code
        if status == 405:
            continue
        if _allowed(role, cap, route):
            assert status not in (403, 404), f"{role} {method.upper()} {url} → {status}"
        else:
            assert status == 403, f"{role} {method.upper()} {url} → {status}, expected 403"


@pytest.mark.parametrize(("route", "pattern"), ASSOC_ROUTES, ids=[r for r, _ in ASSOC_ROUTES])
def test_user_of_another_association_gets_404(client, vvnd, outsider, route, pattern):
    walk_plan(vvnd)
    url = _url(route, vvnd)
    client.force_login(outsider)
    for method in ("get", "post"):
        status = getattr(client, method)(url).status_code
        assert status in (404, 405), f"outsider {method.upper()} {url} → {status}"


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _ in ROUTES])
def test_anonymous_visitor_is_sent_to_login(client, vvnd, route, pattern):
    walk_plan(vvnd)
    url = _url(route, vvnd)
    if pattern.name in PUBLIC:
        return
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if response.status_code == 405:
            continue
        assert response.status_code == 302, (
            f"anonymous {method.upper()} {url} → {response.status_code}"
        )
        assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize(("route", "pattern"), ASSOC_ROUTES, ids=[r for r, _ in ASSOC_ROUTES])
def test_anonymous_htmx_request_is_told_it_is_signed_out_without_a_redirect(
    client, vvnd, route, pattern
):
    """An htmx request would follow a redirect and swap the login page into the page."""
    walk_plan(vvnd)
    url = _url(route, vvnd)
    for method in ("get", "post"):
        response = getattr(client, method)(url, HTTP_HX_REQUEST="true")
        if response.status_code == 405:
            continue
        assert response.status_code == 401, f"anonymous htmx {method.upper()} {url}"
        assert "Location" not in response
        html = response.content.decode()
        assert "Du är utloggad" in html and 'href="/konto/logga-in/' in html, url
        assert "<form" not in html, url
