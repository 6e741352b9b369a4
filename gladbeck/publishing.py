"""Publication state shared by every public content model (measures, offers).

Public pages select what may be shown through ``published()``; a template never decides it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The history's reason for the records written by loading the concept (load_concept): no
# change a person made, so the public list of changes leaves them out.
INITIAL_LOAD_REASON = "Konzept geladen"


class Publication(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication=Publication.PUBLISHED)

    def drafts(self):
        return self.filter(publication=Publication.DRAFT)


def publication_field():
    return models.CharField(
        _("Veröffentlichung"),
        max_length=20,
        choices=Publication.choices,
        default=Publication.DRAFT,
        db_index=True,
        help_text=_("Nur veröffentlichte Einträge erscheinen auf der Website."),
    )
