"""Text from documents, curated files and URLs shown as text: never Markdown, HTML or an emoji.

Streamlit renders titles, captions, notices, widget labels and tab names as Markdown (with
GitHub autolinks, `:emoji:` and `:material/icon:` short codes, `$math$` and raw-HTML parsing
off), and plotly renders a subset of HTML (`<b>`, `<a href>`, `<br>`) in axis labels and hover
text. Every value that did not come from dashboard/i18n.py passes through one of the two
functions here before it reaches either; data grids and selectbox options are plain already.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

# every ASCII punctuation character: CommonMark lets each of them be escaped with a backslash
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
# an escaped colon still forms ":x:" once parsed (the emoji and icon plugins read the parsed
# text), and "http:", "www." and "a@b.c" still autolink (a joiner after the dot does not stop
# "www."): an invisible word joiner on both sides of each colon, dot and at sign breaks all
_WORD_JOINER = "\u2060"
_JOINED = re.compile(r"([:.@])")
# bidi overrides and isolates reorder the text around them (a file name shown reversed)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(value: object, limit: int | None = 300) -> str:
    """`value` as literal text inside Streamlit Markdown, on one line, at most `limit` chars."""
    text = _BIDI.sub("", _LINE_BREAKS.sub(" ", "" if value is None else str(value))).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _MD_PUNCT.sub(r"\\\1", _JOINED.sub(_WORD_JOINER + r"\1" + _WORD_JOINER, text))


def html(value: object) -> str:
    """`value` as literal text inside a plotly label or hover text (which reads some HTML)."""
    if value is None or value != value:  # None, NaN
        return ""
    return _html.escape(_BIDI.sub("", str(value)), quote=False)


def visible(value: object, limit: int = 80) -> str:
    """A URL value shown in a notice: invisible and control characters written as \\uXXXX,
    cut to `limit` characters (a link can carry anything)."""
    text = str(value)
    cut = len(text) > limit
    text = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
                   else c for c in text[:limit])
    return text + ("…" if cut else "")
