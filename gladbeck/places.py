"""Where a measure or an offer applies: the districts it names, or the whole city (§2.9.3
makes the district reference a duty). One rule for "in this district" everywhere: the rows
that name the district and the city-wide ones."""

from django.db import models
from django.db.models import Q


class PlacedQuerySet(models.QuerySet):
    """For models with ``districts`` (many-to-many to District) and ``citywide``."""

    def in_district(self, district):
        """Rows for ``district`` (a District or its slug), each once."""
        key = "districts__slug" if isinstance(district, str) else "districts"
        naming = self.model._default_manager.filter(**{key: district}).values("pk")
        return self.filter(Q(pk__in=naming) | Q(citywide=True))
