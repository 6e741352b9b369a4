from django import template

from gladbeck.roles import works_for_the_redaktion

register = template.Library()


@register.simple_tag(takes_context=True)
def keeps_translations(context):
    """Whether the admin start page links the translations' coverage and XLIFF exchange."""
    return works_for_the_redaktion(context["request"].user)
