from django.contrib import admin

from gladbeck.admin_helpers import ContentAdmin
from portal.models import SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(ContentAdmin):
    list_display = ["__str__", "note"]
    search_fields = ["words", "note"]
    fields = ["words", "note"]
