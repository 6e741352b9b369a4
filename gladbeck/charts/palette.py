"""The portal's colours, in one place: the SVG charts and the PDF take them from here, and the
style sheets repeat them (CSS cannot import Python): ``gladbeck/static/css/portal.css``
declares ``CSS_PROPERTIES`` as custom properties in ``:root``, ``measures/static/measures/
report.css`` gives the status swatches the ``CATEGORIES``. ``tests/test_charts.py`` checks
that the style sheets use no colour outside this module and that every pairing in ``PAIRS``
meets WCAG 2.1 AA.
"""

# Text and lines
INK = "#1a1a1a"
MUTED = "#4a4f55"  # secondary text, axes, the zero line
LINE = "#c9ced4"  # rules, borders and grid lines: decoration, never the only carrier of a value
BLACK = "#000000"  # text in print

# Backgrounds
PAPER = "#ffffff"
WASH = "#f3f5f7"  # panels, table headers
BRAND_TINT = "#e7f0f7"  # status badges
ACCENT_TINT = "#fff7ed"  # notices

# Signal colours
BRAND = "#0b4f80"  # links, headings in the PDF, the bars of a chart
BRAND_DARK = "#083a5f"
ACCENT = "#9a3412"  # the highlighted bar (with its label in bold), notices, a falling trend
OK = "#166534"  # a rising trend
FOCUS = "#ffbf47"  # halo around the ink focus outline; the skip link's background

# One colour per category of a stacked chart (the statuses of a measure, in their order),
# each dark enough to carry a white number.
SLATE = "#5f6670"
TEAL = "#0e6e86"
ORANGE = "#a84c0a"
GREEN = "#15703a"
INDIGO = "#1e3a8a"
VIOLET = "#6d3bc4"
RED = "#a61b1b"
CATEGORIES = (SLATE, TEAL, ORANGE, GREEN, INDIGO, VIOLET, RED)

# The custom properties of portal.css's :root.
CSS_PROPERTIES = {
    "--ink": INK,
    "--muted": MUTED,
    "--paper": PAPER,
    "--wash": WASH,
    "--line": LINE,
    "--brand": BRAND,
    "--brand-dark": BRAND_DARK,
    "--accent": ACCENT,
    "--focus": FOCUS,
    "--ok": OK,
}

TEXT, GRAPHIC = 4.5, 3.0  # WCAG 2.1 minimum ratios: 1.4.3 text, 1.4.11 graphical objects

# Every pairing of a foreground on a background that the portal draws, with its minimum.
# LINE has no pairing: grid lines and rules only ease reading, every value is also written.
PAIRS = [
    *((colour, background, TEXT) for colour in (INK, MUTED) for background in (PAPER, WASH)),
    *((colour, PAPER, TEXT) for colour in (BRAND, BRAND_DARK, ACCENT, OK)),
    (BRAND, WASH, TEXT),  # PDF headings, links in panels
    (PAPER, BRAND, TEXT),  # header, buttons
    (PAPER, BRAND_DARK, TEXT),
    (INK, FOCUS, TEXT),  # skip link
    (BRAND_DARK, BRAND_TINT, TEXT),  # status badge
    (INK, ACCENT_TINT, TEXT),  # notice
    (BLACK, PAPER, TEXT),  # print
    *((colour, PAPER, GRAPHIC) for colour in (BRAND, ACCENT, MUTED)),  # bars, axes
    *((colour, PAPER, GRAPHIC) for colour in CATEGORIES),  # stacked segments, swatches
    *((PAPER, colour, TEXT) for colour in CATEGORIES),  # the count inside a segment
]


def relative_luminance(colour):
    """WCAG 2.1 relative luminance of a "#rrggbb" colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second):
    """WCAG 2.1 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
