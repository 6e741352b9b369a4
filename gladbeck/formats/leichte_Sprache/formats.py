"""Leichte Sprache writes dates and numbers as German does."""

from django.conf.locale.de.formats import *  # noqa: F403
