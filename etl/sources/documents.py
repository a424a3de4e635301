"""Press releases (.md, .txt, .html) → `Document`, with rejects for files that cannot be read.

Line structure of .md/.txt files is preserved (front matter and image lines become blank lines),
so that "file:line N" locators of extracted facts point at the line in the original file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from etl.config import Settings
from etl.dates import DateError, make_fuzzy_date, parse_fuzzy_date
from etl.models import Batch, Document, FuzzyDate, Rejected
from etl.reasons import reason_text
from etl.sources.guard import Refused, check_inside, clean_text
from etl.vocabulary import months

OFFICE_SUFFIXES = {".docx", ".pdf"}  # read by etl/sources/office.py
SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", *OFFICE_SUFFIXES}
_MONTH_RE = f"({months().pattern('nominative', 'genitive')})"
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

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code


def _limit_error(code: str, detail: str) -> DocumentError:
    return DocumentError(f"{reason_text(code)}: {detail}", code)


@dataclass
class _Parsed:
    title: str
    text: str
    meta_date: object = None
    source: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)


def read_documents(directory: Path, settings: Settings, reader=None) -> Batch:
    """Read every press release in `directory`; unreadable files become `Rejected`, never errors.

    The same text twice (e.g. a .md and its .txt copy) is kept once: the id is the content hash.
    `reader` stands in for `read_document` (the pipeline's memo of unchanged files, etl/cache.py).
    """
    reader = reader or read_document
    batch = Batch()
    seen: set[str] = set()
    dirs: dict = {}  # real paths of the folders of this pass (check_inside)
    for path in sorted(Path(directory).rglob("*")):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        warnings: list[tuple[str, str]] = []
        try:
            real = check_inside(path, directory, dirs)
            doc = reader(real, settings, warnings, shown_path=path)
        except Refused as exc:
            batch.rejected.append(Rejected("document", str(path), str(exc), code=exc.code))
            continue
        except DocumentError as exc:
            batch.rejected.append(Rejected("document", str(path), str(exc), code=exc.code))
            continue
        except OSError as exc:
            batch.rejected.append(Rejected("document", str(path), f"cannot read the file: "
                                           f"{exc.strerror or exc}"))
            continue
        except Exception as exc:  # a file we failed to foresee must not stop the run
            batch.rejected.append(Rejected(
                "document", str(path), f"cannot read the document: {type(exc).__name__}: {exc}"))
            continue
        if doc.document_id not in seen:
            seen.add(doc.document_id)
            batch.documents.append(doc)
            batch.rejected.extend(Rejected("document", str(path), reason, severity="warning",
                                           code=code) for code, reason in warnings)
    return batch


def read_document(path: Path, settings: Settings, warnings: list | None = None,
                  shown_path: Path | None = None) -> Document:
    """Decode, strip markup and date one file. Raises `DocumentError` with a readable reason.

    What was read in spite of a problem (unreadable front matter, a title cut to its limit) is
    added to `warnings` as (code, reason). Control characters never reach the Document; the
    text is limited in characters and sentences before anything is extracted from it."""
    path = Path(path)
    size = path.stat().st_size
    if size > settings.max_document_bytes:
        raise _limit_error("file_too_large", f"the file is {size:,} bytes, over the limit of "
                           f"{settings.max_document_bytes:,} (max_document_bytes); split it or "
                           "raise the limit")
    if path.suffix.lower() in OFFICE_SUFFIXES:
        parsed = _parse_office(path, settings)
    elif path.suffix.lower() in {".html", ".htm"}:
        raw = clean_text(decode_bytes(path.read_bytes()))
        depth = html_depth(raw)
        if depth > MAX_HTML_DEPTH:
            raise DocumentError(f"HTML elements nested {depth} deep, over the limit of "
                                f"{MAX_HTML_DEPTH}: not a press release page")
        parsed = _parse_html(raw)
    else:
        parsed = _parse_text(clean_text(decode_bytes(path.read_bytes())), settings)
    parsed.text = clean_text(parsed.text)  # an HTML entity (&#11;) becomes a control only now
    if not parsed.text.strip():
        raise DocumentError("no text left after removing markup: the file is empty")
    _check_text_limits(parsed.text, settings)
    title = " ".join(clean_text(parsed.title).split())
    if len(title) > settings.max_title_chars:
        parsed.warnings.append(("title_too_long", f"{reason_text('title_too_long')}: the title "
                                f"is {len(title):,} characters; the first "
                                f"{settings.max_title_chars} (max_title_chars) were kept"))
        title = title[:settings.max_title_chars - 1].rstrip() + "…"
    published, published_from = _published(parsed, path)
    if warnings is not None:
        warnings.extend(parsed.warnings)
    shown = Path(shown_path) if shown_path is not None else path
    return Document(
        document_id=content_id(parsed.text),
        title=title or shown.stem,
        text=parsed.text,
        published=published,
        published_from=published_from,
        publisher=" ".join(clean_text(parsed.source).split())[:settings.max_title_chars],
        source_path=str(shown),
        origin="extracted",
    )


_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n+")


def _check_text_limits(text: str, settings: Settings) -> None:
    """Extraction time grows with the text (natasha parses every sentence): a text over the
    character or sentence limit is refused before any of it is parsed."""
    if len(text) > settings.max_document_chars:
        raise _limit_error("text_too_long", f"the text is {len(text):,} characters, over the "
                           f"limit of {settings.max_document_chars:,} (max_document_chars); a "
                           "press release is a few thousand — split the file")
    sentences = sum(1 for _ in _SENTENCE_END.finditer(text))
    if sentences > settings.max_document_sentences:
        raise _limit_error("too_many_sentences", f"the text has about {sentences:,} sentences "
                           f"or lines, over the limit of {settings.max_document_sentences:,} "
                           "(max_document_sentences); split the file")


def _parse_office(path: Path, settings: Settings) -> _Parsed:
    from etl.sources.office import OfficeError, read_office

    try:
        title, text = read_office(path)
    except OfficeError as exc:
        raise DocumentError(str(exc)) from None
    parsed = _parse_text(clean_text(text), settings)
    parsed.title = title or parsed.title
    return parsed


def decode_bytes(data: bytes) -> str:
    """UTF-8 first (BOM tolerated), then cp1251, the two encodings Russian press releases use.

    charset-normalizer is the last resort; binary files are refused rather than parsed as junk.
    """
    if not data.strip():
        raise DocumentError("the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError("cannot decode the text: it starts as UTF-16 but is not; save "
                                "it as UTF-8") from None
    sample = data[:4096]
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    if b"\x00" in sample and (sample.count(b"\x00") > 8 or controls * 10 > len(sample)):
        raise DocumentError("binary file (NUL bytes): not a text document")  # a stray NUL in
        # a text is not: it is cleaned with the other control characters
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")  # a few broken bytes in a UTF-8 text
    if text.count("\ufffd") <= max(3, len(text) // 1000) and _looks_russian(text):
        return text.replace("\ufffd", "")
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


def _parse_text(raw: str, settings: Settings | None = None) -> _Parsed:
    """Markdown or plain text: front matter read and blanked, links and images reduced to text."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict = {}
    warnings: list[tuple[str, str]] = []
    # a tool that prepends its own front matter to a file that has one leaves two blocks one
    # after the other: both are metadata (the outer one's fields win), never body text
    first = True
    while m := _FRONT_MATTER.match(raw):
        block, warning = _front_matter(m.group(1), settings or Settings())
        if not first and warning:
            break  # a second block that is not clean YAML fields is body text ("---" rules)
        meta = block | meta
        if warning:
            warnings.append(warning)
        raw = "\n" * m.group(0).count("\n") + raw[m.end():]
        first = False
    lines = [_clean_markdown_line(line) for line in raw.split("\n")]
    text = "\n".join(lines)
    title = _scalar(meta.get("title")) or _first_heading(lines)
    return _Parsed(title, text, meta.get("date"), _scalar(meta.get("source")), warnings)


# libyaml's safe loader where PyYAML has it: the same values, and a nesting limit where the
# pure-Python parser spends seconds recursing into "[[[[…" before its RecursionError
SAFE_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_META_LINE = re.compile(r"^\s*(title|date|source)\s*:\s*(.*?)\s*$", re.I)


def _front_matter(block: str, settings: Settings) -> tuple[dict, tuple[str, str] | None]:
    """The front matter's fields, and a warning when it could not be read as YAML.

    Unreadable YAML (a quote left open, a tab, nesting 5 000 deep) keeps the document: its
    `title:`, `date:` and `source:` lines are read as plain text instead, so the date the text
    states is kept rather than the file's time. A front matter over `max_front_matter_bytes` is
    not parsed at all (YAML aliases can make a small block expand enormously)."""
    size = len(block.encode("utf-8"))
    if size > settings.max_front_matter_bytes:
        code, detail = "front_matter_too_large", (
            f"the front matter is {size:,} bytes, over the limit of "
            f"{settings.max_front_matter_bytes:,} (max_front_matter_bytes)")
    else:
        try:
            loaded = yaml.load(block, Loader=SAFE_YAML)
            if isinstance(loaded, dict):
                return loaded, None
            code, detail = "front_matter_broken", "it is not a list of 'key: value' fields"
        except (yaml.YAMLError, ValueError, RecursionError) as exc:  # 2024-02-31, [[[[...
            where = getattr(exc, "problem_mark", None)
            line = f" (line {where.line + 2})" if where is not None else ""
            code, detail = "front_matter_broken", (
                f"not valid YAML{line}" if isinstance(exc, yaml.YAMLError) else
                "too deeply nested" if isinstance(exc, RecursionError) else
                f"a value cannot be read ({exc})")
    salvaged = {}
    for line in block.split("\n")[:200]:
        if (field_line := _META_LINE.match(line)) and field_line.group(1).lower() not in salvaged:
            salvaged[field_line.group(1).lower()] = field_line.group(2).strip("\"' ")[:10_000]
    return salvaged, (code, f"{reason_text(code)}: {detail}; the document was loaded with the "
                      "title and date lines read as plain text — fix the front matter")


def _scalar(value: object) -> str:
    """A front matter value shown as text: only a string, number or date; a list or mapping
    (possibly a web of YAML aliases that `str()` would expand a billion times) is no title."""
    if isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool):
        return str(value)[:100_000].strip()
    return ""


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
    try:  # "2025" or "2025-10": a publication known to the year or month
        return parse_fuzzy_date(str(value))
    except DateError:
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
    number = months().number(word)
    if number is None:
        raise ValueError(f"not a month: {word}")
    return number
