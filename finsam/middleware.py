"""Resolves the association named in the URL and the user's role in it, once per request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from members.backends import memberships_of

from .request import FinsamRequest


class AssociationMiddleware:
    def __init__(self, get_response: Callable[[FinsamRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: FinsamRequest) -> HttpResponse:
        request.association = None
        request.membership = None
        request.role = None
        return self.get_response(request)

    def process_view(self, request: FinsamRequest, view_func, view_args, view_kwargs) -> None:
        slug = view_kwargs.get("assoc")
        if slug is None or not request.user.is_authenticated:
            return None
        membership = next(
            (m for m in memberships_of(request.user) if m.association.slug == slug), None
        )
        if membership is not None:
            request.membership = membership
            request.association = membership.association
            request.role = membership.role
        return None


class LanguageMiddleware(LocaleMiddleware):
    """Swedish unless the user picked English with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so someone whose
    browser happens to be set to English would get an English interface for a Swedish
    public body's plan; here the browser's setting is ignored and Swedish is the default.
    """

    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class PasswordChangeRequiredMiddleware:
    """Sends a user with a one-time password to "Byt lösenord" before anything else.

    `User.must_change_password` is set when someone else chose the password (create_association,
    grant_role, the users page) and cleared by finsam.views.PasswordChangeView. The flag comes
    with the user MembershipBackend already reads, so this costs no query. Logging out, the
    password pages, the language switch, the accessibility statement and /healthz/ stay open
    (static files are served before this runs, by WhiteNoise).
    """

    OPEN_VIEWS = frozenset(
        {
            "password_change",
            "password_change_done",
            "logout",
            "set_language",
            "healthz",
            "accessibility",
        }
    )

    def __init__(self, get_response: Callable[[FinsamRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: FinsamRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: FinsamRequest, view_func, view_args, view_kwargs):
        # The open pages first: /healthz/ and the like never touch the session or the user.
        if request.resolver_match.view_name in self.OPEN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.must_change_password):
            return None
        url = reverse("password_change")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)  # a whole page, not a swapped fragment
        return redirect(url + self._next(request))

    @staticmethod
    def _next(request: FinsamRequest) -> str:
        """The page asked for as ?next=, so the user gets there once the password is changed.

        Say the e-mail link a board member followed to a plan. Only for a page being read (a
        post made now is lost anyway), only a path of this site, and not the start page (where
        the login goes by default anyway).
        """
        path = request.get_full_path()
        if request.method != "GET" or path == reverse("home"):
            return ""
        if not url_has_allowed_host_and_scheme(
            path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return ""
        query = QueryDict(mutable=True)
        query[REDIRECT_FIELD_NAME] = path
        return "?" + query.urlencode(safe="/")  # readable, as Django's own ?next= on the login
