#!/usr/bin/env python
"""Uploading a 5 MB actors CSV on the import page: how long the request takes, how long the
check (the preview) takes, and the process's peak memory.

    python benchmarks/upload_preview.py [--mb 5] [--target 1]

Runs in a temporary data folder (its own SQLite database; ``DATABASE_URL`` is used when set).
A logged-in member posts the file to the upload page as a browser would; uploads over 1 MB are
checked in a background thread, so the request should answer within ``--target`` seconds while
the check goes on. Issue 16 #10 measured 52 s and 376 MB inside the request.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["Slamet", "Sri", "Budi", "Wati", "Agus", "Siti", "Joko", "Ani", "Bambang", "Dewi"]
CATEGORIES = ["petani", "pedagang", "tokoh_agama", "aparat_desa", "buruh"]
HAMLETS = ["Krajan", "Ngasem", "Sumber", "Kidul", "Lor"]


def actors_csv(megabytes: float, seed: int = 1) -> tuple[bytes, int]:
    """An actors file of about ``megabytes`` MB and its number of rows."""
    rng = random.Random(seed)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "name", "kind", "category", "hamlet", "gender", "welfare", "position", "contact"]
    )
    n = 0
    while out.tell() < megabytes * 1024 * 1024:
        n += 1
        writer.writerow(
            [
                f"H{n:06d}",
                f"{rng.choice(FIRST)} {rng.choice(FIRST)} {n}",
                "person",
                rng.choice(CATEGORIES),
                rng.choice(HAMLETS),
                rng.choice(["m", "f"]),
                rng.choice(["poor", "middle", "well_off"]),
                "warga",
                f"0812{rng.randint(10**6, 10**7)}",
            ]
        )
    return out.getvalue().encode("utf-8"), n


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--target", type=float, default=1.0, help="seconds for the request")
    args = parser.parse_args()

    os.environ["JEJARING_DATA_DIR"] = tempfile.mkdtemp(prefix="jejaring-bench-")
    from jejaring.cli.setup import django_ready

    django_ready()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from jejaring.interchange import jobs
    from jejaring.interchange.models import ImportJob
    from jejaring.villages.services import create_village

    data, rows = actors_csv(args.mb)
    user = get_user_model().objects.create_user("bench", password="bench-upload-preview")
    village = create_village("Desa Bench", slug="desa-bench", admin=user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("interchange:upload", kwargs={"village": village.slug})
    before = peak_rss_mb()
    start = time.perf_counter()
    response = client.post(url, {"files": SimpleUploadedFile("actors.csv", data, "text/csv")})
    answered = time.perf_counter() - start
    request_rss = peak_rss_mb()
    for future in list(getattr(jobs, "_pending", [])):
        future.result()
    checked = time.perf_counter() - start
    job = ImportJob.objects.get(village=village)
    print(
        f"\nUpload of a {len(data) / 1e6:.1f} MB actors CSV ({rows:,} rows), "
        f"{os.cpu_count()} cores\n"
        f"request answered (HTTP {response.status_code}) in {answered:.2f} s "
        f"(target {args.target:g} s), peak RSS {request_rss:.0f} MB (before: {before:.0f} MB)\n"
        f"check finished {checked:.1f} s after the upload: job {job.state}, "
        f"{job.summary.get('actors_created', 0):,} actors to add, "
        f"{job.problem_count} problems; peak RSS {peak_rss_mb():.0f} MB"
    )
    return 0 if answered <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
