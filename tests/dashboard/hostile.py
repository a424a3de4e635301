"""A hostile warehouse: a copy of the test warehouse (tests/fixtures/) with Markdown, HTML,
emoji and math tricks in every text that comes from documents or curated files, and helpers
that collect what a page renders as Markdown or plotly text. Used by the AppTest walk and the
browser test."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.fixtures import warehouse as fixture_warehouse

TRICKS = ("![](http://127.0.0.1:9/pixel.png)", "[ссылка](http://evil.example/)", ":x:",
          "<img src=x onerror=alert(1)>", "<b>жирный</b>", "$E=mc^2$", ":material/home:",
          ":red[красный]", "www.evil.example", "почта@evil.example",
          "**важно**", "\u202eреверс")
HOSTILE = " ".join(TRICKS)

# what must never reach Markdown unescaped, or plotly as a tag
MD_MARKERS = ("](", "<img", "<b>", ":x:", "$", "http:", "www.evil", ":material", ":red[", "**",
              "\u202e")
HTML_MARKERS = ("<img", "<b>", "<a ")
# GitHub autolinks survive backslash escapes ("www\\.evil\\.example" is still a link): a link
# start is safe only with a word joiner inside it ("http:⁠", "www⁠.", "a⁠@")
AUTOLINK = re.compile(r"(?i)https?\\?:(?!\u2060)|www\\?\.|\w\\?@")


def _hostile(value: str) -> str:
    return f"{value} {HOSTILE}"


def edit(con) -> None:
    """Hostile text in titles, names, evidence, organisation names and quarantine values."""
    h = HOSTILE
    con.execute("UPDATE document SET title = ? || title, publisher = ?, url = ? WHERE "
                "document_id = 'd3'", [h + " ", h, "javascript:alert(1)"])
    con.execute("UPDATE region SET name_ru = ? || name_ru, name_en = ? || name_en "
                "WHERE region_code IN ('RU-OMS', 'RU-KDA', 'RU-SE')", [h + " ", h + " "])
    con.execute("UPDATE place SET name_ru = ? || name_ru, name_en = ? || name_en "
                "WHERE place_id IN ('city:1496153', 'city:569223', 'venue:vinzavod')",
                [h + " ", h + " "])
    con.execute("UPDATE activity SET title = title || ' ' || ? WHERE activity_id IN "
                "('a5', 'a7', 'a8')", [h])
    con.execute("UPDATE activity_source SET evidence = evidence || ' ' || ?", [h])
    con.execute("UPDATE agreement SET counterparty = counterparty || ' ' || ?, evidence = ?",
                [h, h])
    # hostile rows of their own too, referenced by others
    con.execute("INSERT INTO organisation VALUES ('o6', ?, ?, 'city:1496153')", [h, h])
    con.execute("INSERT INTO program VALUES ('pr-h', ?)", [h])
    con.execute("INSERT INTO person VALUES ('p3', ?, 'o6', ?, 'd3')", [h, h])
    con.execute("INSERT INTO activity_participant VALUES ('a7', 'o6', 'p3', ?)", [h])
    con.execute("UPDATE activity SET program = ? WHERE activity_id = 'a8'", [h])
    con.execute("UPDATE quarantine SET locator = ?, reason = reason || ' ' || ?, raw = ?",
                [h, h, h + "\x0b\x0c\x1b"])
    con.execute("INSERT INTO geocode_pending VALUES (?, 'nominatim unreachable', NULL)", [h])
    con.execute("UPDATE etl_run SET message = ? WHERE message IS NOT NULL", [h])


def build(path: Path) -> Path:
    return fixture_warehouse.copy(path, edit)


# -- what a page renders -------------------------------------------------------------------

TEXT_FIELDS = ("body", "label", "help", "placeholder")


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def markdown_texts(at) -> list[tuple[str, str]]:
    """(element type, text) of everything Streamlit renders as Markdown on the page: titles,
    headers, captions, notices, metric and widget labels and help, tab labels."""
    out = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", type(node).__name__)
        if proto is None or kind in ("arrow_data_frame", "html", "plotly_chart"):
            continue  # grids and highlight.to_html draw text; plotly is checked on its own
        for name in TEXT_FIELDS:
            value = getattr(proto, name, None)
            if isinstance(value, str) and value:
                out.append((kind, value))
    return out


def unescaped(text: str) -> str:
    """Markdown text with every backslash-escaped character removed: what could still act."""
    return re.sub(r"\\.", "", text, flags=re.S)


def plotly_texts(at) -> list[str]:
    """Every data string of every plotly figure on the page (not the hover templates)."""
    out: list[str] = []

    def collect(value, key=""):
        if isinstance(value, str) and "template" not in key:
            out.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                collect(v, k)
        elif isinstance(value, list):
            for v in value:
                collect(v, key)

    for chart in at.get("plotly_chart"):
        collect(json.loads(chart.proto.spec).get("data", []))
    return out


def leaks(at) -> list[str]:
    """What of the tricks would act on this page: empty when everything shows as text."""
    found = [f"{kind}: {text[:120]!r}" for kind, text in markdown_texts(at)
             if any(m in unescaped(text) for m in MD_MARKERS) or AUTOLINK.search(text)]
    found += [f"plotly: {text[:120]!r}" for text in plotly_texts(at)
              if any(m in text for m in HTML_MARKERS)]
    return found
