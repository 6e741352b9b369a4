"""django-simple-history for models with translated fields.

django-modeltrans adds virtual fields (title_i18n, title_tr …) to a model's `_meta.fields`;
simple-history copies every field there into the history entry and would pass those virtual
names to the history model. The translations are recorded anyway: they live in the concrete
`i18n` column.
"""

from simple_history.models import HistoricalRecords as BaseHistoricalRecords


class HistoricalRecords(BaseHistoricalRecords):
    def fields_included(self, model):
        return [field for field in super().fields_included(model) if field.concrete]
