"""Jobs across real processes: the thread pool of one process, and Celery workers on Redis
and on RabbitMQ.

Each test has its own data folder (an SQLite file shared by the processes) and runs the job
submitter and the workers as separate processes, as on a server: a job submitted by one
process is run by a worker process, its state read back from the database; a worker killed
with SIGKILL mid-job leaves the job to the next worker, which runs it to the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

REDIS = "redis://127.0.0.1:6379/7"
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"

SUBMIT = """
import json, sys, time
from jejaring.cli.setup import django_ready
django_ready()
from jejaring.jobs import runner
from jejaring.jobs.models import Job
args = json.loads(sys.argv[1])
job = runner.submit("jobs.ping", **args)
print(job.pk, flush=True)
if "--wait" in sys.argv:
    job = runner.wait(job, timeout=60)
    print(json.dumps({"state": job.state, "result": job.result, "attempts": job.attempts}))
"""

STATE = """
import json, sys
from jejaring.cli.setup import django_ready
django_ready()
from jejaring.jobs.models import Job
j = Job.objects.get(pk=sys.argv[1])
print(json.dumps({"state": j.state, "result": j.result, "attempts": j.attempts, "done": j.done}))
"""


def _redis_up() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _env(tmp_path, **extra) -> dict:
    env = dict(os.environ, JEJARING_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    env.pop("DATABASE_URL", None)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _py(code: str, *args: str, env: dict, timeout: float = 90) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.fixture
def data_folder(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "jejaring", "setup"],
        env=_env(tmp_path),
        check=True,
        capture_output=True,
        timeout=120,
    )
    return tmp_path


def test_without_a_broker_a_job_runs_in_the_submitting_process(data_folder):
    out = _py(SUBMIT, json.dumps({"steps": 2, "seconds": 0.2}), "--wait", env=_env(data_folder))
    final = json.loads(out.splitlines()[-1])
    assert final["state"] == "done" and final["result"]["pong"] is True


def _rabbitmq_up() -> bool:
    try:
        from kombu import Connection

        with Connection(RABBITMQ, connect_timeout=2) as conn:
            conn.connect()
        return True
    except Exception:
        return False


@pytest.fixture(params=["redis", "rabbitmq"])
def broker(request):
    """Redis (what .ci/run starts and compose.yaml ships) and RabbitMQ (where a machine runs one:
    skipped otherwise) — the same jobs, by URL only."""
    if request.param == "rabbitmq":
        if not _rabbitmq_up():
            pytest.skip("RabbitMQ is not running at 127.0.0.1:5672")
        return RABBITMQ
    if not _redis_up():
        if os.environ.get("JEJARING_REQUIRE_POSTGRES") == "1":
            pytest.fail("Redis is not running at 127.0.0.1:6379 (.ci/run starts it)")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    return REDIS


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "jejaring", "worker", "--concurrency", "1", "--loglevel", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _state(job_id: str, env: dict) -> dict:
    return json.loads(_py(STATE, job_id, env=env).splitlines()[-1])


def _until(job_id: str, env: dict, pred, timeout: float = 60) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = _state(job_id, env)
        if pred(s):
            return s
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} never reached the state: {s}")


def test_a_celery_worker_runs_the_job_another_process_submitted(data_folder, broker):
    env = _env(data_folder, JEJARING_BROKER_URL=broker)
    worker = _worker(env)
    try:
        job_id = _py(SUBMIT, json.dumps({}), env=env).split()[0]
        done = _until(job_id, env, lambda s: s["state"] == "done")
        # Run by the worker, not by the process that submitted it (which has exited).
        assert done["result"]["pid"] != os.getpid()
        assert done["attempts"] == 1
    finally:
        _stop(worker)


def test_a_worker_killed_mid_job_leaves_it_to_the_next_worker(data_folder, broker):
    env = _env(data_folder, JEJARING_BROKER_URL=broker, JEJARING_JOB_TIMEOUT="3")
    first = _worker(env)
    try:
        job_id = _py(SUBMIT, json.dumps({"steps": 16, "seconds": 8}), env=env).split()[0]
        running = _until(job_id, env, lambda s: s["state"] == "running" and s["done"] >= 2)
        assert running["attempts"] == 1
    finally:
        _stop(first)  # SIGKILL: no chance to say anything
    assert _state(job_id, env)["state"] == "running"  # as the dead worker left it
    time.sleep(4)  # its heartbeat is now older than JEJARING_JOB_TIMEOUT
    second = _worker(env)
    try:
        done = _until(job_id, env, lambda s: s["state"] in ("done", "failed"), timeout=150)
        assert done["state"] == "done" and done["attempts"] == 2, done
    finally:
        _stop(second)
    assert uuid.UUID(job_id)
