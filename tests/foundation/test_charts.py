from xml.etree import ElementTree

from finsam.charts import bar_chart, grouped_bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(chart):
    return ElementTree.fromstring(str(chart.svg))  # noqa: S314 - our own markup


def test_bar_chart_has_title_first_and_escapes_labels():
    chart = bar_chart(
        title="Medlemsbidrag 2025",
        items=[("Försäkringskassan", 1966000), ("<script>x</script>", 590000)],
    )
    root = _parse(chart)
    assert root[0].tag == f"{SVG}title" and root[0].text == "Medlemsbidrag 2025"
    assert root.get("role") == "img"
    assert "<script>" not in str(chart.svg)
    assert chart.table.rows[0] == ["Försäkringskassan", "1\u00a0966\u00a0000"]
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > 0  # bars proportional to the values


def test_series_charts_table_matches_the_series():
    chart = grouped_bar_chart(
        title="Kostnader per grupp",
        categories=["2025", "2026", "2027"],
        series=[("Kansli", [1346000, 1346000, 1346000]), ("Individ", [6550000, 4931600, None])],
        unit="tkr",
    )
    assert chart.table.headers == ["", "2025", "2026", "2027"]
    assert chart.table.rows[1] == ["Individ", "6\u00a0550", "4\u00a0932", "–"]
    _parse(chart)
    lines = line_chart(
        title="Eget kapital mot gräns",
        categories=["2025", "2026", "2027"],
        series=[
            ("Eget kapital", [2000000, 2000000, 2000000]),
            ("Gräns", [1572800, 1415520, 1415520]),
        ],
    )
    root = _parse(lines)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert all(t.get("font-family") is None for t in root.iter(f"{SVG}text"))
    assert "Inter" in root.get("font-family")
