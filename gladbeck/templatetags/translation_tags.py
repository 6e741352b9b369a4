from django import template

from gladbeck.translation_coverage import may_see_coverage

register = template.Library()


@register.simple_tag(takes_context=True)
def may_see_translation_coverage(context):
    """Whether the admin start page links the coverage of the translations."""
    return may_see_coverage(context["request"].user)
