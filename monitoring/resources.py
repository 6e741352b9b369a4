"""Import and export of observations for staff (conventions: gladbeck/staff_import/).

A tidy file, one row per value, with the columns

    Indikator        the indicator's code, e.g. "bev-auslaender"
    Stichtag         reference date, 31.12.2017 or 2017-12-31 (XLSX: a date cell)
    Stadtteil        district name; empty for the whole city
    Aufschlüsselung  e.g. "Herkunftsregion" or "Altersgruppe"; empty for none
    Ausprägung       the breakdown's value, e.g. "Naher Osten"
    Wert             the number: decimal comma or point, no thousands separator
    Einheit          (export only: the indicator's unit; ignored on import)
    Anmerkung, Quelle

A row is identified by Indikator, Stichtag, Stadtteil, Aufschlüsselung and Ausprägung, so
importing the same file twice changes nothing, and a corrected value updates the one
observation it belongs to. The CSV download of an indicator page (lower-case headers such as
"aufschluesselung") can be imported as it is.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.fields import Field
from import_export.instance_loaders import ModelInstanceLoader

from gladbeck.models import District
from gladbeck.staff_import.resources import StaffResource
from gladbeck.staff_import.widgets import ChoiceWidget, DateWidget, NameWidget, column
from monitoring.models import Breakdown, Indicator, Observation

KEY = ("indicator", "reference_date", "district", "breakdown", "breakdown_value")

# Headers as the public CSV download writes them.
HEADER_ALIASES = {"aufschluesselung": "Aufschlüsselung", "auspraegung": "Ausprägung"}


class BreakdownWidget(ChoiceWidget):
    """A breakdown by its German label (or stored value); empty means none."""

    def __init__(self):
        super().__init__([choice for choice in Breakdown.choices if choice[0]])

    def render(self, value, obj=None, **kwargs):
        return super().render(value) if value else ""


class ValueWidget(widgets.Widget):
    """A number with a decimal comma or point, without thousands separators."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(_("„%(value)s“ ist keine Zahl.") % {"value": value})
        if isinstance(value, int | Decimal):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(str(value))
        text = "" if value is None else str(value).strip().replace(" ", "")
        if not text:
            raise ValueError(_("Der Wert fehlt."))
        if text.count(",") + text.count(".") > 1 or re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
            raise ValueError(
                _("„%(value)s“: bitte ohne Tausenderpunkt angeben, z. B. 3159 oder 15,6.")
                % {"value": text}
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(_("„%(value)s“ ist keine Zahl.") % {"value": text})
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return float(value)
        text = f"{Decimal(value):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text


class ObservationResource(StaffResource):
    indicator = column("indicator", gettext_lazy("Indikator"), NameWidget(Indicator, "code"))
    # The indicator's name beside its code, to read; the code is what an import goes by.
    indicator_name = Field(
        attribute="indicator__title", column_name=gettext_lazy("Indikator (Name)"), readonly=True
    )
    reference_date = column("reference_date", gettext_lazy("Stichtag"), DateWidget())
    district = column("district", gettext_lazy("Stadtteil"), NameWidget(District))
    breakdown = column("breakdown", gettext_lazy("Aufschlüsselung"), BreakdownWidget())
    breakdown_value = column("breakdown_value", gettext_lazy("Ausprägung"))
    value = column("value", gettext_lazy("Wert"), ValueWidget())
    unit = Field(attribute="indicator__unit", column_name=gettext_lazy("Einheit"), readonly=True)
    note = column("note", gettext_lazy("Anmerkung"))
    source = column("source", gettext_lazy("Quelle"))

    class Meta(StaffResource.Meta):
        model = Observation
        name = gettext_lazy("Messwerte")
        fields = (
            "indicator",
            "indicator_name",
            "reference_date",
            "district",
            "breakdown",
            "breakdown_value",
            "value",
            "unit",
            "note",
            "source",
        )
        import_id_fields = KEY
        instance_loader_class = ModelInstanceLoader

    def get_queryset(self):
        return Observation.objects.select_related("indicator", "district")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("indicator", "district")

    def check_columns(self, dataset):
        if dataset.headers:
            dataset.headers = [
                HEADER_ALIASES.get(" ".join(str(h).split()).casefold(), h) if h else h
                for h in dataset.headers
            ]
        self._seen = {}
        super().check_columns(dataset)

    def before_import_row(self, row, **kwargs):
        """Check the identifying columns first, so that an unknown indicator or district is
        reported by its column, and refuse a second row for the same value."""
        errors, key = {}, []
        for name in KEY:
            try:
                key.append(self.fields[name].clean(row))
            except ValueError as error:
                errors[name] = [str(error)]
        if errors:
            raise ValidationError(errors)
        key = tuple(getattr(part, "pk", part) for part in key)
        if key in self._seen:
            raise ValidationError(
                _(
                    "Diese Zeile nennt denselben Indikator, Stichtag, Stadtteil und dieselbe "
                    "Aufschlüsselung wie Zeile %(row)s."
                )
                % {"row": self._seen[key]}
            )
        # As the preview counts rows: the header is row 1.
        self._seen[key] = (kwargs.get("row_number") or 0) + 1
        super().before_import_row(row, **kwargs)
