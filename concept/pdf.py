"""The concept document as a tagged PDF (PDF/UA-1), made by WeasyPrint from the same
template as the page.

Why WeasyPrint: it lays out the very HTML the page uses (headings, lists, tables, inline SVG
charts stay vector graphics) and, with ``pdf_variant="pdf/ua-1"``, writes the structure tree
(H1–H6, L/LI, Table/TR/TH/TD, reading order), the document language from ``<html lang>``,
the title from ``<title>`` in the metadata, and embeds every font. ReportLab, which the
status report uses, draws pages but writes no structure tree, so its PDFs are not tagged.
Print layout (A4, page numbers, the table of contents with page numbers through
``target-counter``) is in static/concept/document-print.css.
"""

from pathlib import Path

from django.template.loader import render_to_string

PRINT_CSS = Path(__file__).resolve().parent / "static" / "concept" / "document-print.css"


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here: its system libraries (Pango, HarfBuzz) are missing."""


def available():
    """True if PDFs can be made on this machine. `make run` needs only Python; Debian has
    Pango installed with any desktop or `apt-get install libpango-1.0-0 libpangoft2-1.0-0`."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def render_pdf(template, context, base_url):
    """The PDF bytes of ``template`` rendered with ``context``; relative links resolve
    against ``base_url`` (the portal's address)."""
    try:
        from weasyprint import CSS, HTML  # loads Pango: only when a PDF is asked for
    except OSError as missing:
        raise PdfUnavailable(str(missing)) from missing

    html = render_to_string(template, context)
    document = HTML(string=html, base_url=base_url)
    return document.write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))],
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
    )
