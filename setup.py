"""Build of the optional native kernel (jejaring/graph/_sweep.c); everything else is in
pyproject.toml. Without a C compiler the build skips the extension (``optional=True``) and
the engine uses igraph for shortest paths, with the same results, more slowly."""

import os

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    """Optimise for speed on every compiler (gcc/clang: -O3; MSVC: /O2)."""

    def build_extensions(self) -> None:
        flags = ["/O2"] if self.compiler.compiler_type == "msvc" else ["-O3"]
        for ext in self.extensions:
            ext.extra_compile_args = flags + list(ext.extra_compile_args or [])
        super().build_extensions()


# Wheel builds (cibuildwheel, docs/wheels.md) set JEJARING_REQUIRE_NATIVE=1: a wheel without
# the kernel would silently be the slow one.
optional = os.environ.get("JEJARING_REQUIRE_NATIVE", "0") != "1"

setup(
    ext_modules=[
        Extension("jejaring.graph._sweep", ["jejaring/graph/_sweep.c"], optional=optional),
    ],
    cmdclass={"build_ext": BuildExt},
)
