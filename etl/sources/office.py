"""Press releases as agencies circulate them: Word (.docx, python-docx) and PDF (pypdf), read
locally (no network) into a title and plain text, one paragraph per line.

`etl/sources/documents.py` then dates and hashes the text as it does a .txt file's, so the same
release as .docx and as .txt is one document.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_PDF_PAGES = 200  # a press release is a few pages; a book is not one
MAX_UNZIPPED = 50_000_000  # a .docx is a zip: refuse a bomb before python-docx expands it


class OfficeError(ValueError):
    """A .docx or .pdf that cannot be read, and why."""


def read_office(path: Path) -> tuple[str, str]:
    """(title, text) of a .docx or .pdf file."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pdf":
        return _pdf(path)
    raise OfficeError(f"not a .docx or .pdf file: {path.name}")


def _docx(path: Path) -> tuple[str, str]:
    import docx  # python-docx

    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise OfficeError("not a Word document (.docx is a zip archive; this file is not one):"
                          " save it again as .docx") from None
    if unzipped > MAX_UNZIPPED:
        raise OfficeError(f"the .docx unpacks to {unzipped} bytes, over {MAX_UNZIPPED}")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, ValueError... on broken files
        raise OfficeError(f"cannot read the Word document: {type(exc).__name__}: {exc}") from None
    lines = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:  # releases put schedules in tables
        for row in table.rows:
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
            lines.append(" | ".join(cells))
    title = (document.core_properties.title or "").strip()
    if not title:
        heading = next((p.text.strip() for p in document.paragraphs
                        if p.style is not None and p.style.name.lower().startswith(("title",
                                                                                    "heading"))
                        and p.text.strip()), "")
        title = heading
    return title, "\n".join(lines)


def _pdf(path: Path) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise OfficeError(f"the PDF has {len(reader.pages)} pages, over {MAX_PDF_PAGES}:"
                              " not a press release")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.get("/Title") or "" if reader.metadata else "").strip()
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise OfficeError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None
    text = "\n".join(pages)
    if not text.strip():
        raise OfficeError("the PDF has no text layer (a scan?): OCR it or paste the text")
    return title, text
