"""The PDF is tagged, labelled, in Swedish, with embedded fonts and text alternatives."""

from __future__ import annotations

import subprocess

from pypdf.generic import ArrayObject

from plans.models import Plan, Section
from plans.pdf.render import render_plan_pdf

from .pdfread import element_text, fonts, is_embedded, need, reader, resolve, struct_elements


def _catalog(pdf: bytes):
    return resolve(reader(pdf).trailer["/Root"])


def test_pdf_is_tagged_with_language_and_title(large):
    root = _catalog(large.pdf)
    assert "/StructTreeRoot" in root
    assert resolve(root["/MarkInfo"])["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/Lang"] == "sv"
    meta = reader(large.pdf).metadata
    assert "Verksamhetsplan och budget 2041 samt plan 2042–2043" in meta.title
    assert meta.author == "Västra Värmlands & Norra Dalslands Samordningsförbund"
    assert "Verksamhetsplan och budget" in meta.subject
    # PDF/UA-1 wants the title shown rather than the file name, and XMP metadata.
    prefs = resolve(root["/ViewerPreferences"])
    assert prefs["/DisplayDocTitle"] == True  # noqa: E712
    assert "/Metadata" in root


def test_every_font_is_embedded_and_the_text_is_inter(large):
    used = fonts(large.pdf)
    assert used, "the PDF has no fonts"
    assert all(is_embedded(f) for f in used.values()), [
        name for name, f in used.items() if not is_embedded(f)
    ]
    assert any("Inter" in name for name in used), list(used)


def test_figures_have_alt_text_and_tables_have_header_cells(large):
    elements = struct_elements(large.pdf)
    kinds = [str(e["/S"]) for e in elements]
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures, "charts and the logo must be tagged figures"
    for figure in figures:
        assert str(figure.get("/Alt", "")).strip(), figure
    assert kinds.count("/Table") >= 5
    assert "/TH" in kinds and "/TD" in kinds
    # Headings are tagged as headings, in order: H1 (cover) before the section H2s.
    headings = [k for k in kinds if k in ("/H1", "/H2", "/H3")]
    assert headings[0] == "/H1"
    assert headings.count("/H2") >= len(large.titles)


def test_body_headings_follow_the_section_heading_without_skipping_a_level(vvnd):
    """A text with only "Underrubrik" (h3 in the editor) gets H3 under its section's H2."""
    plan = Plan.objects.create(association=vvnd, year=2036)
    Section.objects.create(plan=plan, title="Inledning", order=1, body="<h3>Under</h3><p>x</p>")
    Section.objects.create(
        plan=plan, title="Mål", order=2, body="<h2>Rubrik</h2><p>y</p><h4>Djup</h4><p>z</p>"
    )
    kinds = [str(e["/S"]) for e in struct_elements(render_plan_pdf(plan))]
    headings = [k for k in kinds if k in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    # cover, table of contents, then each section and its text's headings
    assert headings == ["/H1", "/H2", "/H2", "/H3", "/H2", "/H3", "/H4"]


def test_chart_alt_text_is_the_chart_title(large):
    alts = [str(e.get("/Alt", "")) for e in struct_elements(large.pdf) if e["/S"] == "/Figure"]
    assert any(a.startswith("Intäkter per källa") for a in alts), alts
    assert any(a.startswith("Medlemsbidrag") for a in alts), alts


def test_bookmarks_cover_every_section(large):
    outline = reader(large.pdf).outline

    def titles(items) -> list[str]:
        found = []
        for item in items:
            if isinstance(item, list | ArrayObject):
                found += titles(item)
            else:
                found.append(item.title)
        return found

    marks = titles(outline)
    for title in large.titles:
        assert title in marks, (title, marks[:20])
    assert "Innehåll" in marks


def _outline(pdf: bytes) -> list[tuple[int, str]]:
    """Every bookmark as (depth, title), depth first; 0 is the top level."""
    found = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list | ArrayObject):
                walk(item, depth + 1)
            else:
                found.append((depth, " ".join(item.title.split())))

    walk(reader(pdf).outline, 0)
    return found


HEADINGS = ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")


def _headings(pdf: bytes) -> list[tuple[int, str]]:
    """Every heading of the structure tree as (level, text), in reading order."""
    return [
        (int(e["/S"][2]), element_text(pdf, e)) for e in struct_elements(pdf) if e["/S"] in HEADINGS
    ]


def _as_outline(headings: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The outline the headings call for: each heading at its tag level, the plan's title
    (the cover's H1, depth 0) the parent of the contents and the sections (H2, depth 1)."""
    return [(level - 1, text) for level, text in headings]


def test_the_outline_has_every_heading_at_its_level(large):
    """The interventions' H5 blocks (Syfte, Målgrupp, …) and a text's third heading level had
    no bookmark: the outline stopped at H4 while the tags went on."""
    headings = _headings(large.pdf)
    assert {level for level, _ in headings} == {1, 2, 3, 4, 5}
    assert _outline(large.pdf) == _as_outline(headings)
    # An intervention's blocks start folded under it (a negative /Count), so the outline
    # opens on the sections, groups and interventions.
    outlines = resolve(reader(large.pdf).trailer["/Root"])["/Outlines"]
    folded = _entries_at(outlines, depth=3)
    assert len(folded) == 12
    assert all(entry["/Count"] < 0 for entry in folded)
    # The title is the one top entry and open: the sections show without a click.
    (title,) = _entries_at(outlines, depth=0)
    assert title["/Count"] > 0


def _entries_at(outline, *, depth: int) -> list:
    """The outline's entries `depth` levels below the top, as dictionaries."""
    entries = []
    node = resolve(outline).get("/First")
    while node is not None:
        node = resolve(node)
        if depth == 0:
            entries.append(node)
        elif "/First" in node:
            entries += _entries_at(node, depth=depth - 1)
        node = node.get("/Next")
    return entries


def test_a_texts_headings_nest_below_the_section_without_gaps_in_tags_and_outline(vvnd):
    plan = Plan.objects.create(association=vvnd, year=2036)
    Section.objects.create(
        plan=plan,
        title="Inledning",
        order=1,
        body="<h2>Rubrik</h2><p>x</p><h3>Under</h3><p>y</p><h4>Djup</h4><p>z</p><h3>Mer</h3>",
    )
    Section.objects.create(plan=plan, title="Mål", order=2, body="<h3>Under</h3><h4>Djup</h4>")
    pdf = render_plan_pdf(plan)
    headings = _headings(pdf)
    assert headings[2:] == [
        (2, "Inledning"),
        (3, "Rubrik"),
        (4, "Under"),
        (5, "Djup"),
        (4, "Mer"),
        (2, "Mål"),
        (3, "Under"),
        (4, "Djup"),
    ]
    assert _outline(pdf) == _as_outline(headings)


def test_no_heading_skips_a_level(large):
    levels = [level for level, _ in _headings(large.pdf)]
    for before, level in zip(levels, levels[1:], strict=False):
        assert level <= before + 1, levels


def test_qpdf_finds_no_damage(large, tmp_path):
    qpdf = need("qpdf")
    for name, pdf in (("ua", large.pdf), ("a", large.archival_pdf)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)  # noqa: S603
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_archival_pdf_declares_pdf_a_2a_and_stays_tagged(large):
    root = _catalog(large.archival_pdf)
    xmp = resolve(root["/Metadata"]).get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp or 'pdfaid:part="2"' in xmp
    assert "<pdfaid:conformance>A</pdfaid:conformance>" in xmp or 'pdfaid:conformance="A"' in xmp
    assert "/OutputIntents" in root  # the sRGB profile PDF/A requires
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"
    assert all(is_embedded(f) for f in fonts(large.archival_pdf).values())
