from __future__ import annotations

from jejaring import __version__
from jejaring.core.nav import village_nav


def navigation(request) -> dict:
    """The current village (if the page belongs to one), its menu and the user's role."""
    village = getattr(request, "village", None)
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else None
    return {
        "village": village,
        "membership": membership,
        "can_write": bool(membership and membership.can_write),
        "village_nav": village_nav(
            village.slug, current, can_write=bool(membership and membership.can_write)
        )
        if village
        else [],
        "jejaring_version": __version__,
    }
