"""Press releases → Document: encodings, markup, dates and their provenance, rejects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.config import Settings
from etl.sources.documents import read_document, read_documents
from tests.conftest import SEEDS, needs_seeds

BODY = "Агентство провело встречу с мастерами из Твери.\nВстреча прошла в марте."


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(state_dir=tmp_path / "state")


def test_front_matter_date_wins(tmp_path: Path, settings: Settings) -> None:
    """It takes title and date from YAML front matter and records front_matter."""
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: Встреча\ndate: 2021-03-04\nsource: Пресс-служба\n---\n{BODY}\n",
                    encoding="utf-8")
    doc = read_document(path, settings)
    assert (doc.title, doc.published.iso(), doc.published_from) == ("Встреча", "2021-03-04",
                                                                    "front_matter")
    assert doc.publisher == "Пресс-служба"
    assert doc.text.split("\n")[5] == BODY.split("\n")[0]  # line numbers of the file are kept


def test_text_date_line(tmp_path: Path, settings: Settings) -> None:
    """Without front matter, a date line at the top of the text is the publication date."""
    path = tmp_path / "b.txt"
    path.write_text(f"12:30 5 мая 2022 Новости\nЗаголовок новости о встрече\n\n{BODY}\n")
    doc = read_document(path, settings)
    assert (doc.published.iso(), doc.published_from) == ("2022-05-05", "text")
    assert doc.title == "Заголовок новости о встрече"


def test_date_at_end_of_line_is_not_a_dateline(tmp_path: Path, settings: Settings) -> None:
    """ "(будет разослана 14.11.2014)" is not when the text was published: file time is used."""
    path = tmp_path / "c.txt"
    path.write_text(f"Программа встречи мастеров\n(будет разослана 14.11.2014)\n{BODY}\n")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    doc = read_document(path, settings)
    assert doc.published_from == "file_mtime"
    assert doc.published.start.year == 2020


def test_cp1251_and_utf8_are_one_document(tmp_path: Path, settings: Settings) -> None:
    """The id is the hash of the text, so the same release in two encodings is kept once."""
    (tmp_path / "utf8.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "ansi.txt").write_bytes(BODY.encode("cp1251"))
    batch = read_documents(tmp_path, settings)
    assert len(batch.documents) == 1 and not batch.rejected
    assert "Твери" in batch.documents[0].text


def test_html_article_only(tmp_path: Path, settings: Settings) -> None:
    """Navigation, "read also" and comments are dropped; the article's paragraphs stay."""
    html = """<html><head><title>Сайт</title>
    <meta property="article:published_time" content="2023-09-01T10:00:00"></head><body>
    <nav><a href="/">Главная</a> <a href="/news">Новости Казани</a></nav>
    <article><h1>Мастера из Твери в Москве</h1><p>Агентство <b>приняло</b> мастеров.</p>
    <div class="read-also"><a href="/x">Читайте также: фестиваль в Сочи</a></div></article>
    <section class="comments"><p>Отличная новость из Омска!</p></section></body></html>"""
    path = tmp_path / "d.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path, settings)
    assert doc.title == "Мастера из Твери в Москве"
    assert "Агентство приняло мастеров." in doc.text
    assert not any(word in doc.text for word in ("Казани", "Сочи", "Омска", "Главная"))
    assert (doc.published.iso(), doc.published_from) == ("2023-09-01", "front_matter")


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"   \n", "empty"),
    ("binary.txt", b"\x00\x01\x02abc", "binary"),
    ("big.txt", "слово ".encode() * 50, "over the limit"),
])
def test_rejects_with_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    """Unreadable files become Rejected with the file and a reason, never an exception."""
    (tmp_path / name).write_bytes(content)
    batch = read_documents(tmp_path, Settings(max_document_bytes=200))
    assert not batch.documents
    assert batch.rejected[0].locator.endswith(name) and reason in batch.rejected[0].reason


@needs_seeds
def test_seed_documents() -> None:
    """The seeds: markdown links and images reduced to text, dates from where they are written."""
    batch = read_documents(SEEDS, Settings())
    by_name = {Path(d.source_path).name[:3]: d for d in batch.documents}
    assert by_name["000"].published_from == "front_matter"
    assert "](" not in by_name["000"].text and "DSCN" not in by_name["000"].text
    assert (by_name["002"].published.iso(), by_name["002"].published_from) == ("2017-11-10",
                                                                               "text")
    assert (by_name["003"].published.iso(), by_name["003"].published_from) == ("2024-01", "text")


def test_stacked_front_matter(tmp_path: Path, settings: Settings) -> None:
    """A front matter prepended to a file that had its own: both blocks are metadata (the outer
    one's date wins, the inner one's title fills the gap), none of it is read as body text."""
    path = tmp_path / "stacked.md"
    path.write_text('---\ndate: "2021-03-04"\n---\n\n---\ntitle: Встреча мастеров\n'
                    'date: "2020-01-01"\ncover: "x.jpg"\n---\n\n' + BODY + "\n", encoding="utf-8")
    doc = read_document(path, settings)
    assert (doc.title, doc.published.iso()) == ("Встреча мастеров", "2021-03-04")
    assert "title:" not in doc.text and "cover" not in doc.text
    assert BODY.split("\n")[0] in doc.text


def test_rule_lines_after_front_matter_stay_body(tmp_path: Path, settings: Settings) -> None:
    """Text between two "---" rules after the front matter is body text, not metadata."""
    path = tmp_path / "rules.md"
    path.write_text('---\ndate: "2021-03-04"\n---\n---\n' + BODY + "\n---\nКонец.\n",
                    encoding="utf-8")
    doc = read_document(path, settings)
    assert BODY.split("\n")[0] in doc.text and doc.published.iso() == "2021-03-04"
