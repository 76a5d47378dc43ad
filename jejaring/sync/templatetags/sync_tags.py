from django import template

from jejaring.sync import services as S

register = template.Library()


@register.inclusion_tag("sync/_home.html")
def sync_status(village, can_write=False):
    return {
        "village": village,
        "link": S.upstream_link(village),
        "conflicts": S.open_conflicts(village).count(),
        "can_write": can_write,
    }
