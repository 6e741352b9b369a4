"""Words residents use for what the portal calls otherwise: every search (the site search and
the text filters of the lists) looks for every word of a group when one of them is asked for
("Deutschkurs" finds the "Sprachkurs"). A shared vocabulary, kept by the Redaktion."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MAX_ALTERNATIVES = 6


class SynonymGroup(models.Model):
    words = models.TextField(
        _("Wörter mit gleicher Bedeutung"),
        help_text=_(
            "Ein Wort oder eine Wendung je Zeile, z. B. „Deutschkurs“, „Deutsch lernen“, "
            "„Sprachkurs“. Wer nach einem davon sucht, findet auch die anderen."
        ),
    )
    note = models.CharField(_("Anmerkung"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Suchbegriffe mit gleicher Bedeutung")
        verbose_name_plural = _("Suchbegriffe mit gleicher Bedeutung")
        ordering = ["pk"]

    def __str__(self):
        return ", ".join(self.word_list()[:4])

    def word_list(self):
        return [word for word in (line.strip() for line in self.words.splitlines()) if word]


def alternatives(terms, groups):
    """The query ``terms`` with each word or phrase of a group it contains replaced by the
    other words of that group (at most MAX_ALTERNATIVES), e.g. "Deutschkurs für Frauen" →
    ["Sprachkurs für Frauen", …]."""
    found = []
    for group in groups:
        words = group.word_list()
        for word in words:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            if not pattern.search(terms):
                continue
            for other in words:
                if other.casefold() != word.casefold():
                    replaced = pattern.sub(other, terms)
                    if replaced.casefold() not in {t.casefold() for t in [terms, *found]}:
                        found.append(replaced)
    return found[:MAX_ALTERNATIVES]
