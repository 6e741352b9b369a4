from django import template

from gladbeck.xliff_views import may_exchange

register = template.Library()


@register.simple_tag(takes_context=True)
def may_exchange_xliff(context):
    """Whether the admin start page links the XLIFF exchange for this login."""
    return may_exchange(context["request"].user)
