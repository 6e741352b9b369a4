"""Numbers as the charts and tables write them: German notation, only the decimals needed."""

from decimal import Decimal

from django.utils.formats import number_format


def format_number(value, places=None):
    """German notation with only the decimals the value needs (at most two):
    3159.00 → "3.159", 15.60 → "15,6"."""
    if value is None:
        return ""
    value = Decimal(value)
    if places is None:
        places = next((p for p in (0, 1) if value == value.quantize(Decimal(1).scaleb(-p))), 2)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def with_unit(text, unit):
    return f"{text} {unit}".strip() if unit else text
