"""A document's text as escaped HTML with the extracted facts marked. Nothing from the document
is ever interpreted as markup: every piece of it passes through html.escape."""

from __future__ import annotations

import html
from collections.abc import Iterable

CLASSES = {"evidence": "cr-evidence", "place": "cr-place"}
STYLE = (
    "<style>.cr-doc{white-space:pre-wrap;line-height:1.6;font-size:1rem}"
    ".cr-evidence{background:#fff3bf;padding:0 2px;border-radius:3px}"
    ".cr-place{background:#d0ebff;padding:0 2px;border-radius:3px;font-weight:600}</style>"
)


def spans(text: str, needles: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) of every occurrence of each needle; longer and
    earlier matches win where they overlap."""
    found = []
    for needle, kind in needles:
        if not needle or len(needle) < 3:
            continue
        start = text.find(needle)
        while start >= 0:
            found.append((start, start + len(needle), kind))
            start = text.find(needle, start + len(needle))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for span in found:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def to_html(text: str, needles: Iterable[tuple[str, str]]) -> str:
    """Escaped text with <mark> around each highlighted span."""
    parts, pos = [], 0
    for start, end, kind in spans(text, needles):
        parts.append(html.escape(text[pos:start]))
        parts.append(f'<mark class="{CLASSES[kind]}">{html.escape(text[start:end])}</mark>')
        pos = end
    parts.append(html.escape(text[pos:]))
    return f'{STYLE}<div class="cr-doc">{"".join(parts)}</div>'
