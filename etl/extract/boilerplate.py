"""Site furniture in a press release: sidebars, "read also", disclaimers, credits, counters.

Dropped lines are blanked (spaces of the same length) rather than removed, so offsets and
line numbers of what remains still point into the document text.
"""

from __future__ import annotations

import re

from etl.vocabulary import months

# A line that opens the part of a page that is not the article: everything after it goes.
TAIL_MARKERS = re.compile(
    r"^\W*(понравился материал|помоги(те)? сайту|сегодня на сайте|читайте (также|еще|ещё)|"
    r"читать (также|еще|ещё)|см\. также|смотрите также|read also|related|"
    r"похожие (материалы|новости|статьи|публикации)|другие (новости|материалы)|"
    r"еще новости|ещё новости|последние новости|"
    r"комментари[иейя]|оставить комментарий|подпишитесь|подписывайтесь|поделиться|"
    r"обратите внимание; эта информация|please note; this information|теги\s*:|метки\s*:|"
    # a heading alone on its line: "Новости по теме", "Популярное", "Вам может быть интересно"
    r"(?:(?:ещё|еще|больше|все|читайте|читать)\s+)?"
    r"(?:(?:новости|материалы|статьи|публикации)\s+)?по\s+теме\W*$|популярное\W*$|"
    r"(?:все|популярные|главные)\s+(?:новости|материалы|статьи|публикации)(?:\s+\w+)?\W*$|"
    r"самое\s+(?:читаемое|популярное|интересное|важное)\W*$|выбор\s+редакции\W*$|"
    r"вам\s+(?:также\s+|тоже\s+)?(?:может\s+быть|будет)\s+интересно\W*$|"
    r"рекомендуем(?:\s+(?:прочитать|почитать))?\W*$|лента\s+новостей\W*$|"
    r"новости\s+партн[её]ров\W*$|главное\s+за\s+(?:день|неделю)\W*$)",
    re.I,
)
# A single line of furniture inside or around the article.
NOISE_LINE = re.compile(
    r"^\s*(source\s*:|источник\s*:|фото\s*:|photo\s*:|\S*©|mil[ -]osi\s*$|\d+\s*$|"
    r"\d{1,2}:\d{2}\b.*$|#\S+(\s+#\S+)*\s*$|\(?схема проезда.*\)?\s*$)",
    re.I,
)
# A page header flattened into one line ends with the publication stamp and maybe a byline:
# "<sidebar headlines> <headline> 8 сентября 2020, 10:09 Текст: Имя Фамилия". All of it goes.
_MONTH = rf"(?:{months().pattern()})"
HEADER_STAMP = re.compile(
    rf"\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}(?:\s*г\.?)?,?\s+\d{{1,2}}:\d{{2}}"
    r"(?:\s+(?:текст|автор|фото)\s*:\s*[\w .-]{0,60})?\s*$",
    re.I,
)
# a tail marker in the first lines is a headline, not a sidebar, unless a paragraph of body text
# (a line that ends a sentence) stands before it
MIN_BODY_LINES = 2
# what may close a heading that stands alone on its line
HEADING_END = " \t:.…-—–"
SENTENCE_END = re.compile(r"[.!?…][»\"”)]?\s*$")


def clean(text: str) -> tuple[str, int]:
    """The text with furniture blanked, and the offset where the dropped tail starts (or len)."""
    lines = text.split("\n")
    kept: list[str] = []
    tail_at = len(text)
    offset = 0
    body_lines = 0
    paragraph = False  # a body line that ends a sentence
    for line in lines:
        marker = TAIL_MARKERS.match(line) if tail_at == len(text) else None
        if marker and (body_lines >= MIN_BODY_LINES or (  # a heading alone on its line
                paragraph and not line[marker.end():].strip(HEADING_END))):  # "Читайте также:"
            tail_at = offset
        if offset >= tail_at or NOISE_LINE.match(line) or HEADER_STAMP.search(line):
            kept.append(" " * len(line))
        else:
            kept.append(line)
            body_lines += bool(line.strip())
            paragraph = paragraph or bool(SENTENCE_END.search(line))
        offset += len(line) + 1
    return "\n".join(kept), tail_at
