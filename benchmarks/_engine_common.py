"""Helpers shared by the engine benchmarks: data files, timed CLI runs, tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate, write_csv

REPO = Path(__file__).resolve().parents[1]


def data_files(
    n: int, ties_per_actor: float, *, village_size: int, hamlet_size: int, seed: int, folder: Path
) -> tuple[Path, Path]:
    """Write (once) the actors and ties CSV of a synthetic network; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"n{n}_t{ties_per_actor:g}_v{village_size}_h{hamlet_size}_s{seed}"
    actors, ties = folder / f"{stem}_actors.csv", folder / f"{stem}_ties.csv"
    if not (actors.exists() and ties.exists()):
        a, t = generate(
            n, ties_per_actor, village_size=village_size, hamlet_size=hamlet_size, seed=seed
        )
        write_csv(a, actors)
        write_csv(t, ties)
    return actors, ties


def run_cli(actors: Path, ties: Path, *extra: str, command: str | None = None) -> dict:
    """Run ``jejaring analyze`` as a separate process; wall time, peak memory, step timings.

    ``command``: another install's ``jejaring`` executable (e.g. the main branch's, to
    compare with); default this checkout's, as ``python -m jejaring``.
    """
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.json"
        out = Path(tmp) / "out.json"
        program = [command] if command else [sys.executable, "-m", "jejaring"]
        cmd = [
            *program, "analyze", "--actors", str(actors),
            "--ties", str(ties), "--output", str(out), "--timings", str(timings), "--quiet",
            *extra,
        ]  # fmt: skip
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=REPO if command is None else tmp, stderr=subprocess.PIPE, text=True
        )
        sampler = _TreeRss(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read() if proc.stderr else ""
        if proc.returncode != 0:
            raise SystemExit(f"jejaring analyze failed ({proc.returncode}):\n{err}")
        info = json.loads(timings.read_text())
        info["wall"] = wall
        info["main_max_rss_mb"] = usage.ru_maxrss / 1024.0
        info["output_bytes"] = out.stat().st_size
        worker = [s["max_rss_mb"] for s in info["steps"] if s["process"] == "worker"]
        info["worker_max_rss_mb"] = max(worker) if worker else 0.0
        info["tree_max_rss_mb"] = sampler.peak_kb / 1024.0
        return info


class _TreeRss(threading.Thread):
    """Samples, four times a second, the memory of a process and its children together
    (Linux /proc): the true peak of main process + worker (+ output child) at one moment."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def run(self) -> None:
        while not self._halt.wait(0.25):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))


def _tree_rss_kb(pid: int) -> int:
    """Memory of a process and its descendants together, in KB.

    Proportional set size (``Pss`` in /proc/PID/smaps_rollup): a page shared by several
    processes is split between them, so a child forked to write part of the output is not
    counted a second time for the parent's pages it only reads. Where smaps_rollup is
    missing, VmRSS (which would count shared pages in each process).
    """
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            total += _pss_kb(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack += [int(x) for x in fh.read().split()]
        except OSError:
            continue
    return total


def _pss_kb(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except FileNotFoundError:
            continue
    return 0


def load() -> str:
    """The 1-minute load average and CPU count (other work on the machine skews timings)."""
    one, _, _ = os.getloadavg()
    return f"load average {one:.2f} on {os.cpu_count()} CPUs"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*header), line.format(*["-" * w for w in widths])]
    out += [line.format(*[str(c) for c in r]) for r in rows]
    return "\n".join(out)
