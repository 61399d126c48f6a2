"""The map behind a shared cache: a morning of 200 readers (locust, bench/locust_map.py)
asking the map's data by tile, straight from the app and through nginx, in one run.

The app runs as ``geoapp serve`` runs it (granian, WORKERS workers) on the sample store
(built from data/ under bench-results/ on first use). nginx (Debian's package, run here as
an ordinary process with a temporary configuration) keeps each answer for CACHE_SECONDS,
keyed by URL and Accept-Language, and then revalidates it with the app's ETag (a 304 until a
load changes the data). locust installs at run time into its own venv under bench-results/.
"""

from __future__ import annotations

import csv
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from bench.bench_api import RESULTS, ROOT, free_port, get, server, venv_with, wait_until_up
from geoapp.cli.serve import server_args

WORKERS = 2
USERS = int(os.environ.get("BENCH_USERS", "200"))
SPAWN_RATE = 20
SECONDS = int(os.environ.get("BENCH_CACHE_SECONDS", "60"))
CACHE_SECONDS = 10
STORE = RESULTS / "map-store.sqlite"
# A cache hit: answered by nginx alone (HIT), or from its copy after the app said 304
# (REVALIDATED), or from its copy while another request revalidates it (UPDATING, STALE).
FROM_CACHE = ("HIT", "REVALIDATED", "UPDATING", "STALE")
UNPRIVILEGED = pwd.getpwnam("nobody")

NGINX_CONF = """
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  log_format cache '$upstream_cache_status $status';
  access_log {dir}/access.log cache;
  proxy_cache_path {dir}/cache levels=1:2 keys_zone=map:32m max_size=1g inactive=1h
                   use_temp_path=off;
  upstream app {{ server {app}; keepalive 32; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_cache map;
      proxy_cache_key "$request_uri|$http_accept_language";
      # The app says "public, no-cache" (ask before every use), which nginx cannot do:
      # it keeps an answer {seconds} s, then asks again with the ETag.
      proxy_ignore_headers Cache-Control;
      proxy_cache_valid 200 {seconds}s;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      proxy_cache_use_stale updating;
      proxy_cache_background_update on;
      add_header X-Cache-Status $upstream_cache_status always;
    }}
  }}
}}
"""


def sample_store() -> Path:
    """The sample store (data/) on SpatiaLite, built once under bench-results/."""
    if not STORE.exists():
        RESULTS.mkdir(exist_ok=True)
        building = STORE.with_suffix(".tmp")
        building.unlink(missing_ok=True)
        subprocess.run([str(Path(sys.executable).parent / "geoapp"), "init-db", "--sample"],
                       env={**os.environ, "GEOAPP_DATABASE_URL": f"sqlite:///{building}"},
                       check=True, stdout=subprocess.DEVNULL)
        building.rename(STORE)
    return STORE


def nginx_command(folder: Path, app: str, port: int) -> list[str]:
    """Write nginx's configuration into ``folder``; return the command that runs it."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (folder / name).mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=folder, app=app, port=port, seconds=CACHE_SECONDS))
    command = [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p",
               str(folder), "-e", str(folder / "error.log")]
    if os.geteuid() != 0:
        return command
    # Never as root: the whole of nginx runs as nobody, its folder handed over to it.
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, UNPRIVILEGED.pw_uid, UNPRIVILEGED.pw_gid)
    return ["setpriv", f"--reuid={UNPRIVILEGED.pw_uid}", f"--regid={UNPRIVILEGED.pw_gid}",
            "--clear-groups", *command]


def locust(host: str, prefix: Path) -> dict[str, dict[str, str]]:
    """Run the morning against ``host``; return locust's statistics by request name."""
    bin_dir = venv_with("locust", ["locust>=2.20,<3"])
    subprocess.run([str(bin_dir / "locust"), "-f", str(ROOT / "bench" / "locust_map.py"),
                    "--headless", "--users", str(USERS), "--spawn-rate", str(SPAWN_RATE),
                    "--run-time", f"{SECONDS}s", "--host", host, "--csv", str(prefix),
                    "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
                   check=False, cwd=prefix.parent, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", newline="") as found:
        return {row["Name"]: row for row in csv.DictReader(found)}


def cache_statuses(folder: Path) -> Counter:
    """How nginx answered each request, from its access log."""
    found = Counter()
    log = folder / "access.log"
    for line in log.read_text().splitlines() if log.exists() else []:
        found[line.split()[0]] += 1
    return found


def main() -> None:
    """Print requests/s, p95 and failures of the morning, direct and through nginx."""
    store = sample_store()
    app_port, nginx_port = free_port(), free_port()
    app = f"127.0.0.1:{app_port}"
    env = {"GEOAPP_DATABASE_URL": f"sqlite:///{store}"}
    results = {}
    with tempfile.TemporaryDirectory(prefix="nginx-") as folder, ExitStack() as stack:
        stack.enter_context(server([sys.executable, *server_args(app, WORKERS, False)], env))
        wait_until_up(f"http://{app}/healthz")
        for layer in ("schools", "stem_centres", "teacher_centres"):  # regions read once
            for _ in range(WORKERS * 2):
                get(f"http://{app}/data/{layer}.geojson?lang=uk&zoom=6")
        stack.enter_context(server(nginx_command(Path(folder), app, nginx_port), {}))
        wait_until_up(f"http://127.0.0.1:{nginx_port}/healthz")
        results["direct"] = locust(f"http://{app}", RESULTS / "cache-direct")
        (Path(folder) / "access.log").write_text("")  # the health check is not counted
        results["nginx"] = locust(f"http://127.0.0.1:{nginx_port}", RESULTS / "cache-nginx")
        statuses = cache_statuses(Path(folder))
    report(results, statuses)


def figures(row: dict[str, str] | None) -> tuple:
    """Requests/s and p95 as shown, as numbers, and the failures of one row (or dashes)."""
    if row is None:
        return "-", "-", None, None, "-"
    rps, p95 = float(row["Requests/s"]), float(row["95%"])
    return f"{rps:.1f}", f"{p95:.0f}", rps, p95, row["Failure Count"]


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a is not None and b else "-"


def report(results: dict[str, dict[str, dict[str, str]]], statuses: Counter) -> None:
    """The table: per request kind, direct and through nginx, and the cache's share."""
    print(f"\nthe map's requests of a morning: {USERS} readers (locust, spawn {SPAWN_RATE}/s, "
          f"{SECONDS} s each run), app = granian (geoapp serve), {WORKERS} workers, sample store "
          f"(SpatiaLite); nginx keeps answers {CACHE_SECONDS} s, then revalidates by ETag")
    print(f"{'request':24} {'direct req/s':>12} {'p95 ms':>7} {'nginx req/s':>12} "
          f"{'p95 ms':>7} {'req/s ratio':>11} {'p95 ratio':>9} {'fails d/n':>10}")
    names = list(dict.fromkeys(n for run in results.values() for n in run if n != "Aggregated"))
    for name in [*sorted(names), "Aggregated"]:
        direct, cached = (figures(results[run].get(name)) for run in ("direct", "nginx"))
        print(f"{name:24} {direct[0]:>12} {direct[1]:>7} {cached[0]:>12} {cached[1]:>7} "
              f"{ratio(cached[2], direct[2]):>11} {ratio(direct[3], cached[3]):>9} "
              f"{direct[4]:>5}/{cached[4]}")
    total = sum(statuses.values())
    hits = sum(statuses[s] for s in FROM_CACHE)
    print(f"through nginx: {total} requests, {hits / max(total, 1):.1%} answered from the cache "
          f"({statuses['HIT'] / max(total, 1):.1%} without asking the app); by status: "
          + ", ".join(f"{k} {v}" for k, v in statuses.most_common()))
    print("p95 ratio = direct p95 / nginx p95 (above 1: nginx answers faster); the machine is "
          "shared by other engineers' work, so absolute figures vary from run to run.")


if __name__ == "__main__":
    main()
