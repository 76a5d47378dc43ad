"""The form renderer: Django's own form templates, except a select's options drawn in one loop.

Django's ``select.html`` includes one template per option, and that one includes another for
the option's attributes. On the register's filters (a hundred choices) and the actor page's
forms those includes cost several milliseconds of every page, a share of each request that a
district server pays thousands of times a minute. ``core/widgets/select.html`` writes the
same markup, byte for byte, in one template (``tests/test_forms_renderer.py`` compares them);
an option with a template of its own is still included.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates

INLINE = {"django/forms/widgets/select.html": "core/widgets/select.html"}


class Renderer(DjangoTemplates):
    """Django's default renderer, with :data:`INLINE`'s templates in place of Django's."""

    def get_template(self, template_name: str):
        return super().get_template(INLINE.get(template_name, template_name))
