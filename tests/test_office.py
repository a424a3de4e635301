"""Press releases as .docx and .pdf: read locally into the same Document a .txt would give."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.config import Settings
from etl.sources.documents import DocumentError, read_document, read_documents

TEXT = ("В марте 2025 года специалисты Агентства креативных индустрий провели рабочую миссию "
        "в Томске.")


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Миссия в Томск", level=1)
    document.add_paragraph("12.03.2025")
    document.add_paragraph(TEXT)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Город"
    table.rows[0].cells[1].text = "Томск"
    document.save(str(path))
    return path


def _pdf(path: Path, text: str) -> Path:
    """A one-page PDF with a text layer (Helvetica, ASCII), written by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_docx_reads_like_its_text(tmp_path):
    doc = read_document(_docx(tmp_path / "release.docx"), Settings())
    assert doc.title == "Миссия в Томск"
    assert TEXT in doc.text and "Город | Томск" in doc.text
    assert doc.published.iso() == "2025-03-12" and doc.published_from == "text"
    same = tmp_path / "same.txt"
    same.write_text(doc.text, encoding="utf-8")
    assert read_document(same, Settings()).document_id == doc.document_id


def test_pdf_text_layer_is_read(tmp_path):
    doc = read_document(_pdf(tmp_path / "release.pdf", "2025-04-02 Press release"),
                        Settings())
    assert "2025-04-02 Press release" in doc.text
    assert doc.published.iso() == "2025-04-02"


@pytest.mark.parametrize("name, data, reason", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a Word document"),
    ("broken.pdf", b"%PDF-1.4 nothing else", "cannot read the PDF"),
])
def test_broken_office_files_are_rejected_with_a_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(DocumentError, match=reason):
        read_document(tmp_path / name, Settings())
    batch = read_documents(tmp_path, Settings())
    assert not batch.documents and reason in batch.rejected[0].reason
