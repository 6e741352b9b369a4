"""Where a measure or an offer applies: the districts it names, or the whole city (§2.9.3
makes the district reference a duty). One rule for "in this district" everywhere: the rows
that name the district and the city-wide ones."""

from django.db import models
from django.db.models import Count, Q


class PlacedQuerySet(models.QuerySet):
    """For models with ``districts`` (many-to-many to District) and ``citywide``."""

    def naming(self, district):
        """The keys of the rows that name ``district`` (a District or its slug), read from the
        link table alone (its district index), for a semi-join: no row is joined with its
        districts, so none repeats."""
        relation = self.model._meta.get_field("districts")
        linked = relation.m2m_reverse_field_name()
        key = f"{linked}__slug" if isinstance(district, str) else linked
        links = relation.remote_field.through.objects.filter(**{key: district})
        return links.values(relation.m2m_field_name())

    def in_district(self, district):
        """Rows for ``district`` (a District or its slug), each once."""
        return self.filter(Q(pk__in=self.naming(district)) | Q(citywide=True))

    def district_counts(self, district):
        """``{"named": rows naming the district, "citywide": city-wide rows}``, one query."""
        return self.aggregate(
            named=Count("pk", filter=Q(pk__in=self.naming(district))),
            citywide=Count("pk", filter=Q(citywide=True)),
        )
