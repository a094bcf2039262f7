"""Every page a user can reach, in English, for every role: no Swedish interface text left.

test_english.py checks the chrome of key pages against the catalogue (a label that is a msgid).
This walks every page the URL resolver knows (tests/quality/pages.py, the same walk the
security tests use) as each role after the language switch, plus the pages of an approved
plan, a plan with the board, the login, accessibility and error pages, and looks at all the
visible text and the text given to assistive technology (aria-label, title, alt, placeholder).
A text that looks Swedish (å, ä, ö or a common Swedish word) is an error unless

- it stands inside an element marked lang="sv" (the plan document in the reading view, the
  national indicator catalogue: Swedish on purpose, and announced as Swedish), or
- it is the association's own data: every text field in the database (plan texts, names,
  member and board names, comments, the audit trail, which is kept in Swedish by design), the
  plans' default titles and the NNS indicators' official names. A text mixing our words with
  data is checked with the data taken out, so "Role of Maria Sjö" passes and "Roll för Maria
  Sjö" does not.

So a Swedish string that was never wrapped, or a msgid without English, fails here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models

from indicators.models import Indicator
from members.roles import Role
from plans.models import Plan
from tests.conftest import make_user
from tests.i18n.test_english import switch_to_english
from tests.quality import pages

pytestmark = pytest.mark.django_db

SWEDISH_WORDS = (
    r"och|att|inte|saknas|ska|eller|som|är|har|inga|ingen|finns|vid|alla|efter|utan|redan|också"
    r"|hos|för|med|av|till|det|den|januari|februari|mars|maj|juni|juli|augusti|oktober|sida"
    r"|visa|spara|ändra|ny|nytt|nya"
)
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(?:" + SWEDISH_WORDS + r")\b", re.IGNORECASE)
SPOKEN_ATTRIBUTES = ("aria-label", "aria-description", "title", "alt", "placeholder")
# Names of Swedish bodies and systems, the same in an English sentence.
PROPER_NAMES = ("Uppföljning Finsam", "Försäkringskassan", "Arbetsförmedlingen")
SEPARATORS = re.compile(r": |[“”]|\s[–-]\s|^[–-]\s")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
OUR_APPS = {"members", "plans", "review", "budgets", "indicators", "finsam", "pdf"}


class InterfaceText(HTMLParser):
    """Visible text and spoken attributes, except inside script/style/textarea and lang="sv"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, inside Swedish or hidden-from-check)
        self.html_lang = ""

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        skip = (
            self._skipping()
            or tag in ("script", "style", "textarea")
            or (tag != "html" and a.get("lang", "").startswith("sv"))
        )
        if not skip:
            for name in SPOKEN_ATTRIBUTES:
                if a.get(name, "").strip():
                    self.texts.append(" ".join(a[name].split()))
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"])
        if tag not in VOID_TAGS:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skipping():
            self.texts.append(text)


def _pieces(value: str) -> set[str]:
    """The value as a whole and, for rich text, each text node of it as a page shows it."""
    parser = InterfaceText()
    parser.feed(value)
    parser.close()
    return {" ".join(value.split()), " ".join(" ".join(parser.texts).split()), *parser.texts}


class UserData:
    """What the association typed (or the national catalogue named): Swedish on purpose."""

    def __init__(self) -> None:
        values: set[str] = set()
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS:
                continue
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
            ]
            if not fields:
                continue
            for row in model._base_manager.values_list(*fields):
                for value in row:
                    if value:
                        values |= _pieces(str(value))
        values.update(plan.display_title for plan in Plan.objects.all())
        values.update(indicator.label for indicator in Indicator.objects.all())
        values.update(PROPER_NAMES)
        values |= {v[:1].upper() + v[1:] for v in values}  # shown with |capfirst
        self.values = values
        self.joined = "\n".join(values)
        # Only values that can hide a Swedish marker matter when taking data out of a text.
        self.swedish = sorted((v for v in values if SWEDISH.search(v)), key=len, reverse=True)

    def without(self, text: str) -> str:
        for value in self.swedish:
            if value in text:
                text = text.replace(value, " ")
        return text

    def is_data(self, piece: str) -> bool:
        """A whole value, or a long enough stretch of one (a title cut short, with or without
        an ellipsis, as a select option or a heading shows it)."""
        piece = piece.strip().removesuffix("…").strip()
        return piece in self.values or (len(piece) >= 12 and piece in self.joined)

    def leftover_swedish(self, text: str) -> bool:
        if not SWEDISH.search(text) or self.is_data(text):
            return False

        # "Label: value", "the goal “value”", "– value": our words around data.
        # Whole values are taken out first ("Line: Drivhuset för unga – Åmål"); a value cut
        # short is only found piece by piece.
        def swedish_left(pieces: list[str]) -> bool:
            return any(SWEDISH.search(self.without(p)) and not self.is_data(p) for p in pieces)

        return swedish_left(SEPARATORS.split(self.without(text))) and swedish_left(
            SEPARATORS.split(text)
        )


def swedish_on(response, data: UserData) -> tuple[str, list[str]]:
    parser = InterfaceText()
    parser.feed(response.content.decode())
    return parser.html_lang, [t for t in parser.texts if data.leftover_swedish(t)]


def check(client, urls, data: UserData) -> tuple[int, dict[str, list[str]]]:
    """(pages looked at, {url: Swedish texts}) for the HTML pages among `urls` that answer 200."""
    seen, found = 0, {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        lang, texts = swedish_on(response, data)
        assert lang == "en", url
        if texts:
            found[url] = sorted(set(texts))
    return seen, found


def plan_pages(association, plan) -> list[str]:
    """Every page of one plan that needs nothing but the association and the plan."""
    urls = []
    for route, _name in pages.ALL_ROUTES:
        names = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        if "plan_id" in names and names <= {"assoc", "plan_id"}:
            urls.append(
                "/"
                + route.replace("<slug:assoc>", association.slug).replace(
                    "<int:plan_id>", str(plan.pk)
                )
            )
    return urls


def test_the_check_sees_swedish_interface_text(db):
    """Control: the detector flags our Swedish and passes data and English around it."""

    class Page:
        content = (
            '<html lang="en"><body><h1>Spara</h1><p>Role of Maria Sjö</p>'
            '<p aria-label="Stäng dialogen">x</p><div lang="sv"><p>Innehåll</p></div>'
            "<p>Saved.</p></body></html>"
        ).encode()

    data = UserData()
    data.values.add("Maria Sjö")
    data.swedish.insert(0, "Maria Sjö")
    _lang, texts = swedish_on(Page, data)
    assert texts == ["Spara", "Stäng dialogen"]


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_every_page_is_english_for_every_role(client, vvnd, role):
    client.force_login(make_user(vvnd, role))
    switch_to_english(client)
    # Filling the routes creates what the walk needs (a draft plan, a goal…): data read after.
    urls = [url for route, _ in pages.ALL_ROUTES if (url := pages.fill(route, vvnd))]
    seen, found = check(client, urls, UserData())
    # The auditor reads approved plans only: the walk's draft plan is closed to them.
    assert seen >= (5 if role == Role.AUDITOR else 20), f"only {seen} pages: the walk is blind"
    assert not found, found


def test_an_approved_plan_and_a_plan_with_the_board_are_english(client, vvnd, varna):
    approved = vvnd.plans.filter(status=Plan.Status.APPROVED).order_by("-year").first()
    with_board = varna.plans.filter(status=Plan.Status.REVIEW).order_by("-year").first()
    assert approved and with_board
    data = UserData()
    total = 0
    for association, plan in ((vvnd, approved), (varna, with_board)):
        for role in (Role.DIRECTOR, Role.CHAIR, Role.AUDITOR):
            client.force_login(make_user(association, role))
            switch_to_english(client)
            seen, found = check(client, plan_pages(association, plan), data)
            total += seen
            assert not found, (plan, role, found)  # noqa: PT018
    assert total >= 30


def test_pages_without_login_and_error_pages_are_english(client, role_user, vvnd):
    switch_to_english(client)
    data = UserData()
    seen, found = check(client, ["/konto/logga-in/", "/tillganglighet/"], data)
    assert seen == 2
    assert not found, found
    for url in ("/finns-inte/", f"/f/{vvnd.slug}/installningar/"):
        if url.startswith("/f/"):
            client.force_login(role_user(Role.BOARD))
            switch_to_english(client)
        response = client.get(url)
        assert response.status_code in (403, 404), url
        lang, texts = swedish_on(response, data)
        assert lang == "en" and not texts, (url, texts)


def test_the_excel_import_preview_and_its_refusals_are_english(client_for, vvnd):
    """Pages reached by posting a file: the preview of a change, and a file that is refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from budgets.models import BudgetLine
    from tests.budgets.excel_fixtures import draft_plan, edit, export_bytes, load, row_of

    plan = draft_plan("vvnd")
    line = BudgetLine.objects.filter(budget__plan=plan).exclude(amount_1=None).first()
    data = export_bytes(plan)
    coord = f"C{row_of(load(data)['Budget'], f'line:{line.pk}:{line.version}')}"
    url = f"/f/vvnd/plan/{plan.pk}/budget/excel/import/"
    client = client_for(Role.FINANCE)
    switch_to_english(client)
    changed = SimpleUploadedFile("budget.xlsx", edit(data, {("Budget", coord): 654_321}))
    assert client.post(url, {"file": changed}).status_code == 302
    preview = client.get(url + "granska/")
    broken = client.post(url, {"file": SimpleUploadedFile("budget.xlsx", b"PK\x03\x04garbage")})
    assert (preview.status_code, broken.status_code) == (200, 422)
    assert "654\u00a0321" in preview.content.decode()  # the change is previewed
    data_now = UserData()
    for response in (preview, broken):
        lang, texts = swedish_on(response, data_now)
        assert lang == "en" and not texts, texts  # noqa: PT018


# Forms posted empty: deleting, logging out and the language switch are not what is looked at.
NOT_POSTED = ("/i18n/", "/logga-ut/", "ta-bort", "radera")


def test_form_errors_and_messages_are_english(client, vvnd):
    """Every form the director can reach, posted empty: its errors and messages in English."""
    client.force_login(make_user(vvnd, Role.DIRECTOR))
    switch_to_english(client)
    urls = [url for route, _ in pages.ALL_ROUTES if (url := pages.fill(route, vvnd))]
    data = UserData()
    posted, refused, found = set(), 0, {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for form in pages.parse(response.content.decode(), f"http://testserver{url}").forms:
            action = pages.same_origin_path(form.action)
            if form.method != "post" or action in posted or any(s in action for s in NOT_POSTED):
                continue
            posted.add(action)
            payload = {f.name: f.value if f.kind == "hidden" else "" for f in form.fields}
            result = client.post(action, payload, follow=True)
            if "text/html" not in result.get("Content-Type", ""):
                continue
            refused += result.status_code == 422
            _lang, texts = swedish_on(result, data)
            if texts:
                found[action] = texts
    assert refused >= 20, f"only {refused} forms refused empty input: the check is not looking"
    assert not found, found
