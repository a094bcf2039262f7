"""Pages that belong to no single association: home, login, accessibility statement."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.backends import memberships_of

from . import throttle
from .request import FinsamRequest


@login_required
def home(request: FinsamRequest) -> HttpResponse:
    """Straight to the association if the user has one; a picker if several."""
    memberships = memberships_of(request.user)
    if len(memberships) == 1:
        return redirect("members:overview", assoc=memberships[0].association.slug)
    return render(request, "home.html", {"memberships": memberships})


@require_GET
def accessibility_statement(request: FinsamRequest) -> HttpResponse:
    return render(request, "accessibility.html")


@require_GET
def healthz(request: FinsamRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class ThrottledLoginView(auth_views.LoginView):
    """Django's login, refusing further tries after repeated failures (per user and address)."""

    redirect_authenticated_user = True

    def _ident(self) -> tuple[str, str]:
        username = self.request.POST.get("username", "")[:150]
        return username, self.request.META.get("REMOTE_ADDR", "")

    def post(self, request, *args, **kwargs):
        username, ip = self._ident()
        if throttle.is_locked(username, ip):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _("För många misslyckade inloggningar. Vänta en kvart och försök igen."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.record_failure(*self._ident())
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.reset(*self._ident())
        return super().form_valid(form)
