from django import template

from gladbeck.charts import format_number, with_unit

register = template.Library()


@register.filter
def zahl(value, places=None):
    """A number in German notation with only the decimals it needs: 3159.00 → "3.159"."""
    return format_number(value, places if places in (None, "") else int(places))


@register.filter
def zahl_einheit(value, unit):
    """A number in German notation followed by its unit: "3.159 Personen", "15,6 %"."""
    if value is None:
        return ""
    return with_unit(format_number(value), unit)


@register.filter
def signed(value):
    """A change with its sign: +12, −3,5."""
    if value is None:
        return ""
    text = format_number(abs(value))
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text
