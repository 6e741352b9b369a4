"""The status report as a PDF for council meetings, made on the server with reportlab:
A4, page numbers, table headers repeated on every page, the chart drawn by gladbeck/charts/
from the same layout as the SVG on the page, in the portal's palette."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from gladbeck.charts import palette
from measures import reports
from measures.models import Status

# A Unicode TrueType font, embedded: DejaVu Sans where the system has it (it covers Turkish,
# Polish, Cyrillic ... names), else Bitstream Vera, which ships inside reportlab itself.
FONT_CANDIDATES = [
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (
        Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
        Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf",
    ),
]
FONT, FONT_BOLD = "ReportSans", "ReportSans-Bold"

INK = colors.HexColor(palette.INK)
MUTED = colors.HexColor(palette.MUTED)
LINE = colors.HexColor(palette.LINE)
WASH = colors.HexColor(palette.WASH)
BRAND = colors.HexColor(palette.BRAND)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CELL_PADDING = 3  # points, left and right of every table cell


def register_fonts():
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for regular, bold in FONT_CANDIDATES:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
            return
    raise RuntimeError("No TrueType font found for the PDF report.")


def styles():
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=20, leading=24),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=10,
            spaceAfter=6,
            textColor=BRAND,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "body": base,
        "muted": ParagraphStyle("muted", base, textColor=MUTED, spaceBefore=3),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "cell_num": ParagraphStyle("cell_num", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle(
            "head", base, fontName=FONT_BOLD, fontSize=8, leading=10, embeddedHyphenation=1
        ),
        "head_num": ParagraphStyle(
            "head_num",
            base,
            fontName=FONT_BOLD,
            fontSize=8,
            leading=10,
            alignment=TA_RIGHT,
            embeddedHyphenation=1,
        ),
    }


def p(text, style):
    return Paragraph(escape(str(text)), style)


def table(rows, widths, number_columns=(), bold_last_row=False):
    """A table whose header row is repeated on every page it spans."""
    result = LongTable(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), WASH),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if bold_last_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1, INK))
    result.setStyle(TableStyle(commands))
    return result


def chart_drawing(report, width=CONTENT_WIDTH):
    """The chart of the page (``reports.chart_layout``), drawn with the PDF's fonts."""
    return reports.chart_layout(report).drawing(width=width, font=FONT, bold_font=FONT_BOLD)


def numbered_canvas(footer_text):
    """A canvas that writes "Seite x von y" on every page once the number of pages is known."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 10 * mm, footer_text)
                self.drawRightString(
                    PAGE_WIDTH - MARGIN,
                    10 * mm,
                    _("Seite %(page)d von %(pages)d") % {"page": self._pageNumber, "pages": total},
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def fitting_width(texts, style, least=0):
    """A column width in which no word of ``texts`` is broken: the longest word, the cell's
    padding and a point to spare (reportlab cuts a word that does not fit wherever the line
    is full: "in Umsetzu|ng")."""
    longest = max(
        pdfmetrics.stringWidth(word, style.fontName, style.fontSize)
        for text in texts
        for word in str(text).split()
    )
    return max(least, longest + 2 * CELL_PADDING + 1)


def status_column_width(style):
    """Wide enough for every status name on one line ("zurückgestellt")."""
    return fitting_width([" ".join(str(status.label).split()) for status in Status], style)


def summary_table(report, st):
    columns = reports.summary_columns()
    # Each count column as wide as the longest word of its heading, so that no status name
    # is broken; the action field takes the rest.
    number_widths = [fitting_width([c], st["head_num"], least=12 * mm) for c in columns[1:]]
    first = CONTENT_WIDTH - sum(number_widths)
    rows = [[p(columns[0], st["head"])] + [p(c, st["head_num"]) for c in columns[1:]]]
    for index, row in enumerate(reports.summary_rows(report)):
        last = index == len(report.sections)
        name_style = st["head"] if last else st["cell"]
        number_style = st["head_num"] if last else st["cell_num"]
        rows.append([p(row[0], name_style)] + [p(value, number_style) for value in row[1:]])
    return table(rows, [first, *number_widths], bold_last_row=True)


def challenge_table(section, st):
    rows = [
        [
            p(_("Rang"), st["head"]),
            p(_("Herausforderung"), st["head"]),
            p(_("Stimmen"), st["head_num"]),
        ]
    ]
    for challenge in section.challenges:
        rank = str(challenge.rank) if challenge.rank else _("zentral")
        if getattr(challenge, "shares_rank", False):
            rank = f"{rank} ({_('gleich gewichtet')})"
        votes = "" if challenge.votes is None else str(challenge.votes)
        rows.append(
            [p(rank, st["cell"]), p(challenge.wording, st["cell"]), p(votes, st["cell_num"])]
        )
    return table(rows, [24 * mm, CONTENT_WIDTH - 42 * mm, 18 * mm])


def measure_table(section, st):
    headers = [
        _("Maßnahme"),
        _("Status"),
        _("Fortschritt"),
        _("federführend"),
        _("letzter Fortschritt"),
        _("nächster offener Schritt"),
    ]
    rows = [[p(h, st["head_num"] if i == 2 else st["head"]) for i, h in enumerate(headers)]]
    for measure in section.measures:
        title = escape(measure.title)
        notes = []
        if measure.is_draft:
            notes.append(_("Entwurf"))
        if measure.further_fields:
            notes.append(
                _("auch: %(fields)s")
                % {"fields": ", ".join(f.title for f in measure.further_fields)}
            )
        if notes:
            title += f'<br/><font color="{palette.MUTED}">{escape("; ".join(notes))}</font>'
        if measure.last_entry_date:
            last = f"{measure.last_entry_date:%d.%m.%Y}: {measure.last_entry_text}"
        else:
            last = "–"
        rows.append(
            [
                Paragraph(title, st["cell"]),
                p(measure.get_status_display(), st["cell"]),
                p(f"{measure.progress} %", st["cell_num"]),
                p(", ".join(measure.lead_names) or "–", st["cell"]),
                p(last, st["cell"]),
                p(measure.next_step_text or "–", st["cell"]),
            ]
        )
    widths = [
        40 * mm,
        status_column_width(st["cell"]),
        fitting_width([headers[2]], st["head_num"], least=12 * mm),
        26 * mm,
        32 * mm,
    ]
    widths.append(CONTENT_WIDTH - sum(widths))
    return table(rows, widths)


def render_pdf(report):
    register_fonts()
    st = styles()
    stand_text = report.stand_text()
    title = _("Sachstandsbericht")
    story = [
        p(title, st["title"]),
        p(_("Konzept Zusammenleben in Gladbeck"), st["subtitle"]),
        Spacer(0, 4 * mm),
        p(stand_text, st["body"]),
        p(_("Auswahl: %(filters)s") % {"filters": report.filters.describe()}, st["body"]),
        p(
            _(
                "Jede Maßnahme steht bei ihrem ersten Handlungsfeld; weitere Handlungsfelder "
                "sind bei ihr genannt."
            ),
            st["muted"],
        ),
        p(_("Maßnahmen je Status und Handlungsfeld"), st["h2"]),
        summary_table(report, st),
        Spacer(0, 6 * mm),
    ]
    if report.total:
        story.append(KeepTogether([chart_drawing(report, width=0.72 * CONTENT_WIDTH)]))
    else:
        story.append(p(_("Keine Maßnahmen für diese Auswahl."), st["body"]))

    for section in report.sections:
        story.append(CondPageBreak(60 * mm))
        story.append(p(f"{section.action_field.number}. {section.action_field.title}", st["h2"]))
        # A heading never ends a page: it moves on with the start of its table.
        story.append(CondPageBreak(30 * mm))
        story.append(p(_("Priorisierte Herausforderungen"), st["h3"]))
        if section.challenges:
            if section.equally_weighted:
                story.append(
                    p(
                        _(
                            "Alle priorisierten Herausforderungen dieses Handlungsfelds wurden "
                            "gleich gewichtet: Sie teilen sich den ersten Rang."
                        ),
                        st["body"],
                    )
                )
            story.append(challenge_table(section, st))
        else:
            story.append(p(_("Keine priorisierten Herausforderungen."), st["body"]))
        if section.unranked_count:
            story.append(
                p(
                    _("Dazu %(count)d weitere, nicht priorisierte Herausforderungen.")
                    % {"count": section.unranked_count},
                    st["muted"],
                )
            )
        story.append(CondPageBreak(30 * mm))
        story.append(p(_("Maßnahmen (%(count)d)") % {"count": section.total}, st["h3"]))
        if section.measures:
            story.append(measure_table(section, st))
        else:
            story.append(p(_("Keine Maßnahmen für diese Auswahl."), st["body"]))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title} – {stand_text}",
        author=_("Stadt Gladbeck"),
        subject=report.filters.describe(),
        lang="de-DE",
    )
    footer = f"{title} · {stand_text}"
    document.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
