"""Press releases (.md, .txt, .html) → `Document`, with rejects for files that cannot be read.

Line structure of .md/.txt files is preserved (front matter and image lines become blank lines),
so that "file:line N" locators of extracted facts point at the line in the original file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from etl.config import Settings
from etl.dates import DateError, make_fuzzy_date
from etl.models import Batch, Document, FuzzyDate, Rejected

SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}
MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
_MONTH_RE = r"(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|" \
            r"сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])"
_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)"),  # ISO, year-month or day
    re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"),  # 27.04.2015
    re.compile(rf"(?<!\d)(\d{{1,2}})\s+{_MONTH_RE}\s+(\d{{4}})", re.I),  # 10 ноября 2017
]
_DATE_LABEL = re.compile(r"^\W*(date|дата|опубликовано|published|posted)\b", re.I)
_LABEL_LINE = re.compile(r"^(source|источник|фото|photo)\s*:", re.I)
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\w)_(?!\s))")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Blocks of a web page that are never the article: navigation, "read also", comments, sharing.
_HTML_DROP_TAGS = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, template"
_HTML_DROP_HINT = re.compile(
    r"nav|menu|breadcrumb|sidebar|related|read-?also|readmore|more-news|comment|share|social|"
    r"subscribe|footer|header|advert|banner|promo|tags|cookie", re.I)
_HTML_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "br",
                "section", "article", "ul", "ol", "table", "pre", "figcaption", "dd", "dt"}


# lexbor parses nesting in quadratic time: 150 000 nested <div>s took minutes
MAX_HTML_DEPTH = 2_000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# elements that never nest (void) or that the parser closes by itself when a sibling opens
_FLAT_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option"}


def html_depth(raw: str) -> int:
    """The deepest nesting of elements, counted from the tags in one linear pass."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(raw):
        if name.lower() in _FLAT_TAGS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


class DocumentError(ValueError):
    """A file that cannot become a Document: the message says why and what to do."""


@dataclass
class _Parsed:
    title: str
    text: str
    meta_date: object = None
    source: str = ""


def read_documents(directory: Path, settings: Settings) -> Batch:
    """Read every press release in `directory`; unreadable files become `Rejected`, never errors.

    The same text twice (e.g. a .md and its .txt copy) is kept once: the id is the content hash.
    """
    batch = Batch()
    seen: set[str] = set()
    for path in sorted(p for p in Path(directory).rglob("*") if p.is_file()):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        try:
            doc = read_document(path, settings)
        except (DocumentError, OSError) as exc:
            batch.rejected.append(Rejected("document", str(path), str(exc)))
            continue
        except Exception as exc:  # a file we failed to foresee must not stop the run
            batch.rejected.append(Rejected(
                "document", str(path), f"cannot read the document: {type(exc).__name__}: {exc}"))
            continue
        if doc.document_id not in seen:
            seen.add(doc.document_id)
            batch.documents.append(doc)
    return batch


def read_document(path: Path, settings: Settings) -> Document:
    """Decode, strip markup and date one file. Raises `DocumentError` with a readable reason."""
    path = Path(path)
    size = path.stat().st_size
    if size > settings.max_document_bytes:
        raise DocumentError(f"file is {size} bytes, over the limit of {settings.max_document_bytes}"
                            " (max_document_bytes): split it or raise the limit")
    raw = decode_bytes(path.read_bytes())
    if path.suffix.lower() in {".html", ".htm"}:
        depth = html_depth(raw)
        if depth > MAX_HTML_DEPTH:
            raise DocumentError(f"HTML elements nested {depth} deep, over the limit of "
                                f"{MAX_HTML_DEPTH}: not a press release page")
        parsed = _parse_html(raw)
    else:
        parsed = _parse_text(raw)
    if not parsed.text.strip():
        raise DocumentError("no text left after removing markup: the file is empty")
    published, published_from = _published(parsed, path)
    return Document(
        document_id=content_id(parsed.text),
        title=parsed.title or path.stem,
        text=parsed.text,
        published=published,
        published_from=published_from,
        publisher=parsed.source,
        source_path=str(path),
        origin="extracted",
    )


def decode_bytes(data: bytes) -> str:
    """UTF-8 first (BOM tolerated), then cp1251, the two encodings Russian press releases use.

    charset-normalizer is the last resort; binary files are refused rather than parsed as junk.
    """
    if not data.strip():
        raise DocumentError("the file is empty")
    if b"\x00" in data[:4096]:
        raise DocumentError("binary file (NUL bytes): not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
        if _looks_russian(text):
            return text
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or not _looks_russian(str(best)):
        raise DocumentError("cannot decode the text: save it as UTF-8")
    return str(best)


def _looks_russian(text: str) -> bool:
    """True when letters are mostly Cyrillic or Latin: a wrong codec yields symbols instead."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    good = sum(1 for c in letters if "\u0400" <= c <= "\u04ff" or c.isascii())
    return good / len(letters) > 0.9


def content_id(text: str) -> str:
    """sha256 of the normalised text, first 16 hex digits: blank lines and spacing do not count."""
    norm = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    norm = "\n".join(" ".join(line.split()) for line in norm.split("\n") if line.strip())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def _parse_text(raw: str) -> _Parsed:
    """Markdown or plain text: front matter read and blanked, links and images reduced to text."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict = {}
    if m := _FRONT_MATTER.match(raw):
        try:
            loaded = yaml.safe_load(m.group(1))
            meta = loaded if isinstance(loaded, dict) else {}
        except (yaml.YAMLError, ValueError, RecursionError):  # 2024-02-31, [[[[...
            meta = {}
        raw = "\n" * m.group(0).count("\n") + raw[m.end():]
    lines = [_clean_markdown_line(line) for line in raw.split("\n")]
    text = "\n".join(lines)
    title = str(meta.get("title") or "").strip() or _first_heading(lines)
    return _Parsed(title, text, meta.get("date"), str(meta.get("source") or ""))


def _clean_markdown_line(line: str) -> str:
    """One markdown line as plain text; an image-only line becomes blank (keeps numbering)."""
    if _IMAGE_LINE.match(line):
        return ""
    line = _LINK.sub(r"\1", line)
    line = _HEADING.sub("", line)
    return _EMPHASIS.sub("", line).rstrip()


def _first_heading(lines: list[str]) -> str:
    """The first line that reads like a headline: not a date, label or number line.

    Without one, the first sentence of the first paragraph stands in for the title.
    """
    candidates = [line.strip().lstrip("-• ").strip() for line in lines[:30]]
    candidates = [text for text in candidates
                  if not find_text_date(text) and not _LABEL_LINE.match(text)
                  and sum(c.isalpha() for c in text) > 8]
    for text in candidates:
        if len(text) > 200:  # the body has started: no headline above it
            return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0][:200]
        if len(text) >= 10:
            return text
    return ""


def _parse_html(raw: str) -> _Parsed:
    """The article body of a web page: navigation, sidebars, "read also" and comments dropped."""
    tree = HTMLParser(raw)
    meta_date = _html_meta(tree, ["article:published_time", "date", "pubdate", "dc.date"])
    title = _html_title(tree)
    for node in tree.css(_HTML_DROP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id]"):
        hint = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _HTML_DROP_HINT.search(hint) and node.tag not in {"body", "html", "article", "main"}:
            node.decompose()
    body = tree.css_first("article") or tree.css_first("main") or tree.body
    text = _html_text(body) if body is not None else ""
    source = _html_meta(tree, ["og:site_name", "author"]) or ""
    return _Parsed(title, text, meta_date, source)


def _html_meta(tree: HTMLParser, names: list[str]) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"], meta[name="{name}"]')
        if node is not None and node.attributes.get("content"):
            return node.attributes["content"]
    node = tree.css_first("time[datetime]") if "date" in names else None
    return node.attributes.get("datetime") if node is not None else None


def _html_title(tree: HTMLParser) -> str:
    for selector in ("article h1", "h1", "title"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return " ".join(node.text().split())
    return ""


def _html_text(root: Node) -> str:
    """Text with a line break after every block element, so sentences never run across blocks."""
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag in _HTML_BLOCKS:
            parts.append("\n")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _published(parsed: _Parsed, path: Path) -> tuple[FuzzyDate | None, str]:
    """Front matter date, else the text's own date line, else the file's modification time.

    A date outside 1990..2100 (an mtime of 1970 from an unpacked archive) is no date at all.
    """
    if parsed.meta_date:
        try:
            date = _to_fuzzy(parsed.meta_date)
        except DateError:
            date = None
        if date is not None:
            return date, "front_matter"
    for line in [ln for ln in parsed.text.split("\n") if ln.strip()][:6]:
        date = find_text_date(line, date_line_only=True)
        if date is not None:
            return date, "text"
    mtime = dt.date.fromtimestamp(path.stat().st_mtime)
    try:
        return make_fuzzy_date(mtime.year, mtime.month, mtime.day), "file_mtime"
    except DateError:
        return None, ""


def _to_fuzzy(value: object) -> FuzzyDate | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return make_fuzzy_date(value.year, value.month, value.day)
    return find_text_date(str(value))


def find_text_date(line: str, date_line_only: bool = False) -> FuzzyDate | None:
    """A publication date written in a line: ISO, DD.MM.YYYY or "10 ноября 2017".

    With `date_line_only`, the date must open the line (after a time or a "date:" label) —
    a date at the end of a sentence ("will be mailed on 14.11.2014") is not a dateline.
    """
    text = line.strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        if date_line_only and not _opens_line(text, m.start()):
            continue
        try:
            return _match_to_date(m)
        except (DateError, ValueError):
            continue
    return None


def _opens_line(text: str, start: int) -> bool:
    prefix = text[:start]
    prefix = re.sub(r"\d{1,2}:\d{2}", "", prefix)
    prefix = _DATE_LABEL.sub("", prefix)
    return not prefix.strip(" \t:|,-—")


def _match_to_date(m: re.Match) -> FuzzyDate:
    groups = m.groups()
    if m.re is _DATE_PATTERNS[0]:
        year, month, day = groups
        return make_fuzzy_date(int(year), int(month), int(day) if day else None)
    if m.re is _DATE_PATTERNS[1]:
        day, month, year = groups
        return make_fuzzy_date(int(year), int(month), int(day))
    day, month_word, year = groups
    return make_fuzzy_date(int(year), month_number(month_word), int(day))


def month_number(word: str) -> int:
    """Month number of a Russian month name in any case form ("июля", "мая", "март")."""
    word = word.lower()
    for stem, number in sorted(MONTHS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem):
            return number
    raise ValueError(f"not a month: {word}")
