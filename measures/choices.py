"""The levels of government and the states of a measure."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CITY = "stadt", _("Stadt")
    COUNTY = "kreis", _("Kreis")
    STATE = "land", _("Land")
    FEDERAL = "bund", _("Bund")


class Status(models.TextChoices):
    IDEA = "idee", _("Idee")
    PLANNED = "geplant", _("geplant")
    IN_PROGRESS = "in-umsetzung", _("in Umsetzung")
    DONE = "umgesetzt", _("umgesetzt")
    ESTABLISHED = "verstetigt", _("verstetigt")
    ON_HOLD = "zurueckgestellt", _("zurückgestellt")
    DROPPED = "verworfen", _("verworfen")


# "What is being done" first: the order in which the public pages group measures by status.
ACTIVITY_ORDER = [
    Status.IN_PROGRESS,
    Status.PLANNED,
    Status.IDEA,
    Status.ESTABLISHED,
    Status.DONE,
    Status.ON_HOLD,
    Status.DROPPED,
]
