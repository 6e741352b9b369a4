"""Import and export of organisations for staff (conventions: gladbeck/staff_import/)."""

from django.utils.translation import gettext_lazy

from gladbeck.models import Organisation, OrganisationKind
from gladbeck.staff_import.resources import StaffResource
from gladbeck.staff_import.widgets import ChoiceWidget, NameWidget, column


class OrganisationResource(StaffResource):
    # A row may name an organisation of an earlier row as its parent: each row is saved at once.
    save_each_row = True

    slug = column("slug", gettext_lazy("Kürzel"))
    name = column("name", gettext_lazy("Name"))
    short_name = column("short_name", gettext_lazy("Kurzname"))
    kind = column("kind", gettext_lazy("Art"), ChoiceWidget(OrganisationKind.choices))
    parent = column("parent", gettext_lazy("übergeordnete Organisation"), NameWidget(Organisation))
    description = column("description", gettext_lazy("Beschreibung"))
    website = column("website", gettext_lazy("Website"))
    email = column("email", gettext_lazy("E-Mail"))
    phone = column("phone", gettext_lazy("Telefon"))
    address = column("address", gettext_lazy("Anschrift"))

    class Meta(StaffResource.Meta):
        model = Organisation
        name = gettext_lazy("Organisationen")
        fields = (
            "slug",
            "name",
            "short_name",
            "kind",
            "parent",
            "description",
            "website",
            "email",
            "phone",
            "address",
        )

    def get_queryset(self):
        return Organisation.objects.select_related("parent")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("parent")

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # A new organisation may be the parent of a later row (the preview saves nothing).
        self.fields["parent"].widget.lookup.remember(instance)
