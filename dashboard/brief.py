"""The region brief: one A4 document per region, DOCX (python-docx) and PDF (ReportLab), in
the UI language, built from the page's RegionReport (the same queries, so the same numbers).

ReportLab rather than WeasyPrint: it is pure Python on PyPI (WeasyPrint needs Pango and its
system libraries from Debian), needs neither a browser nor the network, and embeds the TrueType
font the project ships (DejaVu Sans, dashboard/static/fonts) for the Cyrillic text. The small map
is drawn with Pillow from the shipped region shapes. All text from documents and curated files
goes into the files as text: escaped for ReportLab's paragraph markup, plain runs in DOCX.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from xml.sax.saxutils import escape

import pandas as pd
from PIL import Image, ImageDraw

from dashboard import geo, i18n
from dashboard.region_report import RegionReport, key_numbers

FONTS = geo.STATIC / "fonts"
MAX_ROWS = 60   # per table: a brief, not an export
MAP_PX = (1200, 700)
DOCX_FONT = "Arial"  # Word on officials' machines has it, with Cyrillic


# ---- what goes in: plain rows of text, the same for both formats -------------------------------

def _text(value, field: str | None, language: str) -> str:
    if value is None or value != value or value is pd.NaT:
        return ""
    if field:
        return i18n.label(field, value, language)
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        return i18n.fmt_date(value, language)
    if isinstance(value, bool):
        return "✓" if value else "—"
    return str(value)


def rows(df: pd.DataFrame, columns: dict[str, str | None], language: str) -> list[list[str]]:
    """A header row and up to MAX_ROWS rows of text; `columns` maps a column to its coded-value
    field (or None for plain text)."""
    head = [i18n.column(c, language) for c in columns]
    body = [[_text(row[c], f, language) for c, f in columns.items()]
            for _, row in df.head(MAX_ROWS).iterrows()]
    return [head, *body]


def sections(report: RegionReport, language: str) -> list[tuple[str, list[list[str]]]]:
    """The brief's tables, titled, in order."""
    t = i18n.t
    return [
        (t("brief_timeline", language),
         rows(report.by_year, {"year": None, "done_out": None, "done_in": None,
                               "planned": None}, language)),
        (t("r_activities", language),
         rows(report.activities, {"start_date": None, "kind": "kind", "status": "status",
                                  "direction": "direction", "title": None}, language)),
        (t("r_agreement_list", language),
         rows(report.agreements, {"signed_date": None, "counterparty": None,
                                  "agreement_status": "agreement_status", "place_name": None},
              language)),
        (t("r_plan_list", language),
         rows(report.plans, {"year": None, "place_name": None, "fulfilled": None,
                             "fulfilled_by": None, "fulfilled_date": None}, language)),
        (t("r_people", language),
         rows(report.people, {"organisation": None, "person": None,
                              "participant_role": "participant_role"}, language)),
        (t("r_documents", language),
         rows(report.documents, {"published": None, "title": None, "publisher": None},
              language)),
        (t("r_district", language, district=i18n.label("district",
                                                        report.profile["federal_district"],
                                                        language)),
         rows(report.district, {"region": None, "done": None, "done_out": None, "done_in": None,
                                "agreements": None, "last_contact": None}, language)),
    ]


def heading(report: RegionReport, language: str) -> tuple[str, str, str]:
    """Title, subtitle (district, capital) and the 'prepared on' line."""
    p = report.profile
    title = f"{i18n.t('brief_title', language)}: {p['name']}"
    sub = ", ".join(x for x in (i18n.label("district", p["federal_district"], language),
                                p["capital"]) if isinstance(x, str) and x)
    made = i18n.t("brief_made", language, date=i18n.fmt_date(dt.date.today(), language),
                  as_of=i18n.fmt_date(report.as_of, language))
    return title, sub, made


def footer_lines(report: RegionReport, language: str) -> list[str]:
    rank, total = report.rank
    return [i18n.t("r_rank", language, rank=rank, total=total), i18n.t("shapes_credit", language)]


# ---- the small map -----------------------------------------------------------------------------

def map_png(report: RegionReport) -> bytes | None:
    """The region (dark) among its district's subjects (light), equirectangular with the
    longitude scaled by cos(latitude); None when the region has no shape."""
    shapes = {f["id"]: f for f in geo.region_shapes()["features"]}
    if report.code not in shapes:
        return None
    codes = [c for c in report.district["region_code"] if c in shapes]
    polys = {c: [ring for part in shapes[c]["geometry"]["coordinates"] for ring in part[:1]]
             for c in codes}
    pts = [p for c in codes for ring in polys[c] for p in ring]
    lon0, lon1 = min(p[0] for p in pts), max(p[0] for p in pts)
    lat0, lat1 = min(p[1] for p in pts), max(p[1] for p in pts)
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    w, h = MAP_PX
    scale = min((w - 40) / max((lon1 - lon0) * kx, 1e-6), (h - 40) / max(lat1 - lat0, 1e-6))
    ox = (w - (lon1 - lon0) * kx * scale) / 2
    oy = (h - (lat1 - lat0) * scale) / 2

    def xy(p):
        return (ox + (p[0] - lon0) * kx * scale, h - oy - (p[1] - lat0) * scale)

    img = Image.new("RGB", MAP_PX, "white")
    draw = ImageDraw.Draw(img)
    for code in sorted(codes, key=lambda c: c == report.code):  # the region last, on top
        fill = "#2f9e44" if code == report.code else "#e9ecef"
        for ring in polys[code]:
            draw.polygon([xy(p) for p in ring], fill=fill, outline="#868e96")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


# ---- DOCX --------------------------------------------------------------------------------------

def docx_bytes(report: RegionReport, language: str) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    style = doc.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(10)
    title, sub, made = heading(report, language)
    doc.add_heading(title, level=1)
    doc.add_paragraph(sub)
    doc.add_paragraph(made)
    doc.add_heading(i18n.t("brief_key", language), level=2)
    _docx_table(doc, [[label, value] for label, value in key_numbers(report, language)])
    picture = map_png(report)
    if picture:
        doc.add_heading(i18n.t("brief_map", language), level=2)
        doc.add_picture(io.BytesIO(picture), width=Mm(150))
    for name, table in sections(report, language):
        doc.add_heading(name, level=2)
        if len(table) > 1:
            _docx_table(doc, table, header=True)
        else:
            doc.add_paragraph(i18n.t("brief_none", language))
    for line in footer_lines(report, language):
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_table(doc, table: list[list[str]], header: bool = False) -> None:
    grid = doc.add_table(rows=len(table), cols=len(table[0]))
    grid.style = "Table Grid"
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.text = value  # plain text: python-docx writes it as a run, no markup
            if header and r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


# ---- PDF ---------------------------------------------------------------------------------------

def _pdf_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
    return "DejaVuSans", "DejaVuSans-Bold"


def pdf_bytes(report: RegionReport, language: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _pdf_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=15, leading=19,
                        spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=11, leading=14,
                        spaceBefore=8, spaceAfter=3)

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(escape(text), style)  # text, never markup

    def table(data: list[list[str]], header: bool) -> Table:
        grid = Table([[para(v, cell) for v in row] for row in data], repeatRows=1 if header
                     else 0, hAlign="LEFT")
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#adb5bd")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f3f5")))
        grid.setStyle(TableStyle(style))
        return grid

    title, sub, made = heading(report, language)
    story = [para(title, h1), para(sub), para(made), Spacer(1, 4 * mm),
             para(i18n.t("brief_key", language), h2),
             table([[k, v] for k, v in key_numbers(report, language)], header=False)]
    picture = map_png(report)
    if picture:
        w = 150 * mm
        story += [para(i18n.t("brief_map", language), h2),
                  RLImage(io.BytesIO(picture), width=w, height=w * MAP_PX[1] / MAP_PX[0])]
    for name, data in sections(report, language):
        story.append(para(name, h2))
        story.append(table(data, header=True) if len(data) > 1
                     else para(i18n.t("brief_none", language)))
    story += [Spacer(1, 4 * mm)] + [para(line) for line in footer_lines(report, language)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=16 * mm, bottomMargin=16 * mm, title=title,
                      author=i18n.t("app_title", language)).build(story)
    return out.getvalue()
