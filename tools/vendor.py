#!/usr/bin/env python
"""Refresh the vendored front-end files in jejaring/core/static/vendor/ from the npm registry.

The app must work with no internet, so scripts are served by the app itself with the version
in the file name (cache-safe). Run by developers only: ``python tools/vendor.py``; it needs
``npm`` and the registry, and rewrites the files listed in VENDORED. Old versions are removed.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "jejaring" / "core" / "static" / "vendor"

# (npm package, version, path inside the package tarball, vendored file stem)
VENDORED = [
    ("htmx.org", "2.0.11", "package/dist/htmx.min.js", "htmx"),
    # The network map: sigma.js v3 ships a UMD build (global ``Sigma``) and graphology a UMD
    # build (global ``graphology``), so no bundler is needed.
    ("sigma", "3.0.3", "package/dist/sigma.min.js", "sigma"),
    ("graphology", "0.26.0", "package/dist/graphology.umd.min.js", "graphology"),
]


def fetch(package: str, version: str, member: str, stem: str, workdir: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    tarball = next(workdir.glob(f"{package.replace('/', '-').lstrip('@')}-{version}.tgz"))
    suffix = (
        "".join(Path(member).suffixes[-2:]) if member.endswith(".min.js") else Path(member).suffix
    )
    target = VENDOR_DIR / f"{stem}-{version}{suffix}"
    with tarfile.open(tarball) as tar:
        data = tar.extractfile(member).read()
    for old in VENDOR_DIR.glob(f"{stem}-*{suffix}"):
        old.unlink()
    target.write_bytes(data)
    return target


def main() -> int:
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for package, version, member, stem in VENDORED:
            path = fetch(package, version, member, stem, Path(tmp))
            print(
                f"{package}@{version} -> {path.relative_to(VENDOR_DIR.parent.parent.parent.parent)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
