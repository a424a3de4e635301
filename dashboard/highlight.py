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
    """Non-overlapping (start, end, kind) of every occurrence of each needle, widened to whole
    words ("Винзавод" marks all of "Винзаводе"); longer and earlier matches win where they
    overlap."""
    found = []
    for needle, kind in needles:
        if not needle or len(needle) < 3:
            continue
        start = text.find(needle)
        while start >= 0:
            found.append((*_whole_words(text, start, start + len(needle)), kind))
            start = text.find(needle, start + len(needle))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for span in found:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A match that starts or ends inside a word, widened to that word's edges."""
    while 0 < start and text[start].isalnum() and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def to_html(text: str, needles: Iterable[tuple[str, str]]) -> str:
    """Escaped text with <mark> around each highlighted span; the places inside an evidence
    sentence are marked inside its mark."""
    needles = list(needles)
    sentences = spans(text, [n for n in needles if n[1] == "evidence"])
    places = spans(text, [n for n in needles if n[1] == "place"])
    places = [p for p in places  # a place that crosses a sentence's edge is left unmarked
              if not any(s < p[0] < e < p[1] or p[0] < s < p[1] < e for s, e, _ in sentences)]
    parts, pos = [], 0
    for start, end, kind in sorted(sentences + [p for p in places if not _inside(p, sentences)]):
        parts.append(html.escape(text[pos:start]))
        inner = _marked(text, start, end, [p for p in places if start <= p[0] and p[1] <= end]) \
            if kind == "evidence" else html.escape(text[start:end])
        parts.append(f'<mark class="{CLASSES[kind]}">{inner}</mark>')
        pos = end
    parts.append(html.escape(text[pos:]))
    return f'{STYLE}<div class="cr-doc">{"".join(parts)}</div>'


def _inside(span: tuple[int, int, str], outer: list[tuple[int, int, str]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e, _ in outer)


def _marked(text: str, start: int, end: int, places: list[tuple[int, int, str]]) -> str:
    """text[start:end] escaped, with the places in it marked."""
    parts, pos = [], start
    for a, b, kind in places:
        parts.append(html.escape(text[pos:a]))
        parts.append(f'<mark class="{CLASSES[kind]}">{html.escape(text[a:b])}</mark>')
        pos = b
    parts.append(html.escape(text[pos:end]))
    return "".join(parts)
