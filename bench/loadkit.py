"""Shared by bench/load.py and bench/throughput.py: a throwaway PostgreSQL cluster, the demo data,
gunicorn from .venv on loopback in production mode, and a small keep-alive HTTP client with
cookies and CSRF. Nothing outside a temporary directory is touched except var/staticfiles
(collectstatic, as a deployment does).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PASSWORD = "demo-losen-2025"  # noqa: S105 - the public demo logins


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql).")
    return versions[-1]


@contextlib.contextmanager
def pg_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL server on a socket directory; yields its DATABASE_URL."""
    pgbin = _pg_bin()
    tmp = Path(tempfile.mkdtemp(prefix="finsam-load-pg."))
    tmp.chmod(0o755)
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        run_as = ["su", "postgres", "-s", "/bin/bash", "-c"]
    port = free_port()

    def pg(cmd: str) -> None:
        args = [*run_as, cmd] if run_as else ["bash", "-c", cmd]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    pg(
        f"{pgbin}/initdb -D {tmp}/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 "
        "--no-sync >/dev/null"
    )
    pg(
        f"{pgbin}/pg_ctl -D {tmp}/data -l {tmp}/log -w start -o '-p {port} -k {tmp} "
        "-c listen_addresses= -c fsync=off -c max_connections=200' >/dev/null"
    )
    try:
        pg(f"{pgbin}/createdb -h {tmp} -p {port} -U postgres finsam")
        yield f"postgres://postgres@/finsam?host={tmp}&port={port}"
    finally:
        with contextlib.suppress(Exception):
            pg(f"{pgbin}/pg_ctl -D {tmp}/data -m fast stop >/dev/null")
        shutil.rmtree(tmp, ignore_errors=True)


def production_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; TLS ends at the proxy
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="finsam.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(VENV / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def django_json(env: dict[str, str], code: str) -> object:
    """Run Python in the project (manage.py shell) and return what it prints as JSON."""
    out = manage(env, "shell", "--no-imports", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


def prepare_database(env: dict[str, str]) -> None:
    manage(env, "migrate", "-v", "0")
    manage(env, "load_demo_data")
    manage(env, "collectstatic", "--noinput", "-v", "0")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 4, threads: int = 4) -> Iterator[str]:
    """gunicorn from .venv on a free loopback port; yields the base URL."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="finsam-gunicorn.", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(  # noqa: S603
        [
            str(VENV / "gunicorn"),
            "finsam.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--backlog",
            "512",
            "--no-control-socket",  # several servers (tests, other runs) may share the machine
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180  # a busy machine boots slowly
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit(f"gunicorn did not start; see {log.name}")
            time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str]
    seconds: float


@dataclass
class Browser:
    """One user's keep-alive connection with cookies; enough of a browser for Django."""

    host: str
    cookies: dict[str, str] = field(default_factory=dict)
    conn: http.client.HTTPConnection | None = None
    timeout: float = 120

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            host, port = self.host.split(":")
            self.conn = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
        return self.conn

    def request(self, method: str, path: str, data: dict | None = None, headers=None) -> Response:
        body = urlencode(data or {}, doseq=True) if data is not None else None
        hdrs = {"Host": self.host, **(headers or {})}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a keep-alive connection the server closed: reconnect once
            conn = self._connection()
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=hdrs)
                raw = conn.getresponse()
                text = raw.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";", 1)[0]
                    key, _, val = cookie.partition("=")
                    self.cookies[key.strip()] = val.strip()
            if raw.getheader("Connection", "").lower() == "close":
                conn.close()
                self.conn = None
            return Response(raw.status, text, dict(raw.getheaders()), seconds)
        raise AssertionError("unreachable")

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, **headers) -> Response:
        hdrs = {"X-CSRFToken": self.cookies.get("csrftoken", ""), **headers}
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": self.csrf}, hdrs)

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def login(self, username: str, password: str = PASSWORD) -> None:
        page = self.get("/konto/logga-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if token is None:
            raise RuntimeError("no CSRF token on the login page")
        answer = self.request(
            "POST",
            "/konto/logga-in/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        )
        if answer.status != 302:
            raise RuntimeError(f"login as {username} failed: {answer.status}")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]
