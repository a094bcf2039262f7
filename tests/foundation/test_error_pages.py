"""Refusals and missing pages are Swedish pages of the app, with the reason and a way on."""

from django.test import Client, RequestFactory
from django.views.defaults import server_error

from members.models import Membership, User


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_refusal_says_why_in_swedish_inside_the_layout(db):
    client = signed_in("revisor")  # reads decided plans only
    slug = Membership.objects.get(user__username="revisor").association.slug
    response = client.get(f"/f/{slug}/installningar/")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Ingen behörighet" in html
    assert "Din roll i förbundet ger inte behörighet till detta." in html
    assert "Logga ut" in html  # the site's header, not a bare error page
    assert 'href="/"' in html


def test_a_refusal_follows_the_chosen_language(db):
    client = signed_in("revisor")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    slug = Membership.objects.get(user__username="revisor").association.slug
    html = client.get(f"/f/{slug}/installningar/").content.decode()
    assert "Your role in the association does not allow this." in html


def test_a_missing_page_is_swedish_and_does_not_say_whether_an_association_exists(db):
    client = signed_in("varna")
    for path in ("/f/vvnd/", "/finns-inte/"):
        response = client.get(path)
        assert response.status_code == 404, path
        html = response.content.decode()
        assert "Sidan finns inte" in html and '<html lang="sv">' in html
        assert "Västra Värmland" not in html


def test_server_error_page_stands_alone(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Något gick fel" in html and '<html lang="sv">' in html


def test_a_form_refused_by_the_csrf_check_gets_the_apps_own_page(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="varna"))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="sv">' in html and "Logga ut" in html  # inside the layout
    assert "Formuläret kunde inte skickas" in html
    assert "öppen för länge" in html and "kakor" in html and "ladda om" in html
    assert "CSRF verification failed" not in html  # Django's own page, for developers


def test_an_htmx_save_refused_by_the_csrf_check_gets_a_status_line_not_a_page(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="varna"))
    response = client.post("/i18n/setlang/", {"language": "en"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    html = response.content.decode()
    assert html.strip().startswith("<p") and "<main" not in html and "<form" not in html
    assert "data-request-error" in html
    assert "Det gick inte att spara" in html and "Det du skrev finns kvar här" in html
