"""Labels of the engine's role codes as the reports show them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ROLE_LABELS = {
    "patron": _("Patron"),
    "multiplex_patron": _("Multiplex patron"),
    "broker": _("Broker"),
    "gatekeeper": _("Gatekeeper"),
    "liaison": _("Liaison"),
    "client": _("Client"),
    "captive_client": _("Captive client"),
    "poor_household": _("Poor household"),
    "isolate": _("Isolate"),
}


def role_label(code: str) -> str:
    label = ROLE_LABELS.get(code)
    return str(label) if label is not None else code.replace("_", " ")
