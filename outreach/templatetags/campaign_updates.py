from django import template

from outreach.models import Update

register = template.Library()


@register.simple_tag
def petition_updates(petition):
    """Published updates about `petition`, newest first."""
    return Update.objects.filter(petition=petition).timeline()
