"""The admin history in German: field values as staff read them (choice labels, names of
related records, "ja"/"nein"/"keine Angabe", German dates, "–" for empty), never shortened."""

from django.db.models import ManyToManyField
from django.template.defaultfilters import linebreaksbr
from django.utils import formats
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name


def readable(field, value):
    """``value`` of model field ``field`` as German text."""
    if field.get_internal_type() == "BooleanField":
        return {True: _("ja"), False: _("nein")}.get(value, _("keine Angabe"))
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(sorted(str(item) for item in value))
    if field.choices and not field.is_relation:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "year") or hasattr(value, "as_tuple"):
        return formats.localize(value)
    return str(value)


class GermanHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            name = get_m2m_reverse_field_name(field)
            value = [row[name] for row in value or []]
        return readable(field, value)

    def stringify_delta_change_values(self, change, old, new):
        """Whole values, line breaks kept: a diff that hides the change helps nobody."""
        return linebreaksbr(old, autoescape=True), linebreaksbr(new, autoescape=True)
