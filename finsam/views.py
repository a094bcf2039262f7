"""Pages that belong to no single association: home, login, accessibility statement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
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


def csrf_failure(request: FinsamRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: why a form was refused, in the app's layout and language.

    Django's own page is English and speaks to developers. Our forms carry the token, so a
    refusal means a page open since before the user last signed in (the token changed) or
    cookies blocked for the site. An htmx save gets a fragment that static/js/app.js puts in
    the form's status region: the page and what was typed stay there.
    """
    if getattr(request, "htmx", False):
        return render(request, "includes/_csrf_failed.html", status=403)
    return render(request, "403_csrf.html", status=403)


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


class OwnPasswordChangeForm(PasswordChangeForm):
    """The new password must be a new one: keeping a one-time password would defeat it."""

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password2")
        if new and self.user.check_password(new):
            self.add_error("new_password2", _("Välj ett annat lösenord än det du har nu."))
        return cleaned


class PasswordChangeView(auth_views.RedirectURLMixin, auth_views.PasswordChangeView):
    """Django's "Byt lösenord"; choosing one's own password ends a one-time password.

    Afterwards it goes on to the page the user was sent here from (?next=, added by
    PasswordChangeRequiredMiddleware, kept through the post in a hidden field) when that is a
    page of this site; otherwise to "Lösenordet är bytt".
    """

    form_class = OwnPasswordChangeForm
    template_name = "registration/password_change.html"
    next_page = "password_change_done"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, next=self.get_redirect_url())

    def form_valid(self, form):
        # Saved with the new password by form.save(), in the same write.
        form.user.must_change_password = False
        response = super().form_valid(form)
        if self.get_redirect_url():  # not the "Lösenordet är bytt" page: say it there
            messages.success(self.request, _("Lösenordet är bytt."))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422  # as every posted form with errors
        return response
