"""The demo village: one seeded builder for ``jejaring demo``, ``serve --demo`` and the tests."""

from jejaring.demo.builder import DEMO_SLUG, build_demo_village

__all__ = ["DEMO_SLUG", "build_demo_village"]
