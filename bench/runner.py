"""The load benchmark: fresh database, seed, gunicorn, wrk scenarios, pgbench, checks.

Run it through `bench/run` (see bench/README.md). Exits non-zero when a check
fails: the ledger does not verify, a scenario's successful requests do not
match the journal entries it created, a request failed, or a wrk thread did
not stop cleanly.
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
APP_DB = "amu_pay_bench"
SMOKE_DB = "amu_pay_bench_smoke"
PGBENCH_DB = "amu_pay_pgbench"


@dataclass(frozen=True)
class Scenario:
    name: str
    script: str
    # journal entry kind -> the Lua counter whose count must equal its new entries
    # ("ok" is every 2xx answer)
    entries: dict


SCENARIOS = {
    "deposit": Scenario("deposit", "deposit.lua", {"customer_deposit": "ok"}),
    "withdraw": Scenario("withdraw", "withdraw.lua", {"customer_withdraw": "ok"}),
    "hawala": Scenario(
        "hawala",
        "hawala.lua",
        {"hawala_send": "sent", "hawala_payout": "completed"},
    ),
    "balance": Scenario("balance", "balance.lua", {}),
    "transactions": Scenario("transactions", "transactions.lua", {}),
}


class BenchmarkError(Exception):
    """A benchmark invariant broke; the message says which."""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def pg_url(database):
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}"


def psql(sql, database="postgres"):
    result = subprocess.run(
        [
            "psql",
            "-h",
            PG["host"],
            "-p",
            PG["port"],
            "-U",
            PG["user"],
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-Atc",
            sql,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def ensure_postgres():
    ready = ["pg_isready", "-q", "-h", PG["host"], "-p", PG["port"]]
    if subprocess.run(ready).returncode == 0:
        return
    log("PostgreSQL is not answering; starting the 15/main cluster")
    subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=False)
    for _ in range(30):
        if subprocess.run(ready).returncode == 0:
            return
        time.sleep(1)
    raise BenchmarkError("PostgreSQL did not start on 127.0.0.1:5432")


def recreate_database(name):
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_env(secret_key, database):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=pg_url(database),
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        ACCESS_TOKEN_MINUTES="600",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        # whitenoise warns that STATIC_ROOT was never collected; the API serves
        # no static files
        PYTHONWARNINGS="ignore:No directory at",
    )
    return env


def django(args, env, **kwargs):
    return subprocess.run([str(PYTHON), *args], cwd=ROOT, env=env, **kwargs)


def entry_counts(database):
    rows = psql(
        "SELECT kind, count(*) FROM ledger_journalentry GROUP BY kind", database
    )
    counts = {}
    for line in rows.splitlines():
        kind, count = line.split("|")
        counts[kind] = int(count)
    return counts


class Server:
    """gunicorn serving the app on 127.0.0.1:port, stopped on exit."""

    def __init__(self, *, env, port, workers, worker_class, threads, log_path):
        self.url = f"http://127.0.0.1:{port}"
        command = [
            str(GUNICORN),
            "amu_pay.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--threads",
            str(threads),
            "--preload",
            "--timeout",
            "60",
            "--error-logfile",
            str(log_path),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)

    def wait_ready(self, timeout_s=60):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError("gunicorn exited while starting; see its log")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as reply:
                    if reply.status == 200 and self.process.poll() is None:
                        return
            except OSError:
                time.sleep(0.3)
        raise BenchmarkError("gunicorn did not answer /healthz in time")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run_wrk(*, scenario, clients, duration, margin, url, data_path, work_dir, run_id):
    out = work_dir / f"wrk-{scenario.name}-{clients}.json"
    out.unlink(missing_ok=True)
    env = dict(os.environ)
    env.update(
        BENCH_DATA=str(data_path),
        BENCH_DURATION=str(duration),
        BENCH_OUT=str(out),
        BENCH_RUN=f"{run_id}-{scenario.name}-{clients}",
    )
    command = [
        "wrk",
        "-t",
        str(clients),
        "-c",
        str(clients),
        "-d",
        f"{duration + margin}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "lua" / scenario.script),
        url,
    ]
    markers = [Path(f"{out}.stopped.{n}") for n in range(1, clients + 1)]
    for marker in markers:
        marker.unlink(missing_ok=True)
    wrk = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    # wrk sleeps its whole -d before reporting; once every thread has stopped
    # itself cleanly, SIGINT wakes it up (repeated: a thread still exiting may
    # take the signal instead of the sleeping main thread)
    while wrk.poll() is None:
        if all(marker.exists() for marker in markers):
            wrk.send_signal(signal.SIGINT)
        time.sleep(0.05)
    output = wrk.stdout.read()
    if wrk.returncode != 0 or not out.exists():
        raise BenchmarkError(f"wrk failed ({wrk.returncode}):\n{output}")
    for marker in markers:
        marker.unlink(missing_ok=True)
    report = json.loads(out.read_text())
    elapsed = report["elapsed_s"]
    report["rps"] = report["requests"] / elapsed if elapsed else 0.0
    report["ok_rps"] = report["ok"] / elapsed if elapsed else 0.0
    report["errors"] = report["failed"] + sum(report["socket_errors"].values())
    report["counters_per_s"] = {
        name: count / elapsed if elapsed else 0.0
        for name, count in report["counters"].items()
    }
    return report


def scenario_problems(scenario, report, before, after):
    """Why this scenario's answers and the journal disagree (empty: they agree)."""
    problems = []
    label = f"{scenario.name} @ {report['threads']} clients"
    if report["unclean_threads"]:
        problems.append(
            f"{label}: {report['unclean_threads']} wrk thread(s) were stopped "
            "with a request in flight; the counts cannot be reconciled"
        )
    if report["errors"]:
        problems.append(
            f"{label}: {report['errors']} failed request(s), "
            f"statuses {report['statuses']}, sockets {report['socket_errors']}"
        )
    expected_total = 0
    for kind, counter in scenario.entries.items():
        counted = report["ok"] if counter == "ok" else report["counters"].get(counter)
        counted = int(counted or 0)
        new = after.get(kind, 0) - before.get(kind, 0)
        expected_total += counted
        if new != counted:
            problems.append(
                f"{label}: {counted} successful '{counter}' answers but {new} new "
                f"'{kind}' journal entries"
            )
    new_total = sum(after.values()) - sum(before.values())
    if new_total != expected_total:
        problems.append(
            f"{label}: {new_total} new journal entries in all, {expected_total} "
            "expected"
        )
    return problems


_TPS = re.compile(r"tps = ([\d.]+) \(without initial connection time\)")
_LATENCY = re.compile(r"latency average = ([\d.]+) ms")


def parse_pgbench(output):
    tps, latency = _TPS.search(output), _LATENCY.search(output)
    if tps is None:
        raise BenchmarkError(f"pgbench printed no tps:\n{output}")
    return {
        "tps": float(tps.group(1)),
        "latency_avg_ms": float(latency.group(1)) if latency else None,
    }


def run_pgbench(*, clients, duration, scale):
    base = ["-h", PG["host"], "-p", PG["port"], "-U", PG["user"]]
    recreate_database(PGBENCH_DB)
    subprocess.run(
        ["pgbench", *base, "-i", "-q", "-s", str(scale), PGBENCH_DB],
        check=True,
        capture_output=True,
    )
    results = {}
    for count in clients:
        command = [
            "pgbench",
            *base,
            "-b",
            "tpcb-like",
            "-c",
            str(count),
            "-j",
            str(min(2, count)),
            "-T",
            str(duration),
            PGBENCH_DB,
        ]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        results[str(count)] = parse_pgbench(done.stdout)
        log(f"pgbench tpcb-like c={count}: {results[str(count)]['tps']:.1f} tps")
    psql(f"DROP DATABASE IF EXISTS {PGBENCH_DB} WITH (FORCE)")
    return results


def deposit_ratios(scenarios, pgbench):
    """AMU Pay's successful deposits per second over pgbench's TPS, per clients."""
    ratios = {}
    for clients, report in scenarios.get("deposit", {}).items():
        tps = pgbench.get(clients, {}).get("tps")
        if tps:
            ratios[clients] = report["ok_rps"] / tps
    return ratios


def machine():
    meminfo = Path("/proc/meminfo").read_text()
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    return {
        "nproc": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "postgresql": psql("SHOW server_version"),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "loadavg_at_start": [round(load, 2) for load in os.getloadavg()],
    }


def markdown_table(results):
    lines = [
        "| scenario | clients | req/s | p50 ms | p95 ms | p99 ms | errors | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, by_clients in results["scenarios"].items():
        for clients, report in by_clients.items():
            latency = report["latency_ms"]
            completed = report.get("counters_per_s", {}).get("completed")
            notes = f"{completed:.1f} cycles/s" if completed is not None else ""
            lines.append(
                f"| {name} | {clients} | {report['rps']:.1f} | {latency['p50']:.1f} "
                f"| {latency['p95']:.1f} | {latency['p99']:.1f} | {report['errors']} "
                f"| {notes} |"
            )
    for clients, row in results.get("pgbench", {}).items():
        ratio = results["deposit_to_pgbench_ratio"].get(clients)
        notes = f"deposit/pgbench = {ratio:.1%}" if ratio is not None else ""
        lines.append(
            f"| pgbench tpcb-like | {clients} | {row['tps']:.1f} tps | "
            f"avg {row['latency_avg_ms']} | | | | {notes} |"
        )
    return "\n".join(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="bench/run", description="AMU Pay load benchmark on PostgreSQL."
    )
    parser.add_argument("--smoke", action="store_true", help="a few seconds, 1 client")
    parser.add_argument("--duration", type=int, help="seconds per scenario (10)")
    parser.add_argument("--clients", help="comma-separated client counts (1,8,32)")
    parser.add_argument("--scenarios", help=f"comma-separated: {','.join(SCENARIOS)}")
    parser.add_argument("--sarafs", type=int, help="sarafs to seed (10)")
    parser.add_argument("--accounts", type=int, help="customer accounts per saraf")
    parser.add_argument(
        "--capital-deposits",
        type=int,
        help="capital deposits per saraf and currency (60: a page of 50 to list)",
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (2*nproc+1)")
    parser.add_argument("--worker-class", default="gthread", help="sync or gthread")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    parser.add_argument("--pgbench-scale", type=int, default=10)
    parser.add_argument("--no-pgbench", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--port", type=int, help="gunicorn's port (a free one)")
    parser.add_argument("--results", type=Path, help="where the JSON goes")
    parser.add_argument(
        "--database",
        help=f"the app's database, dropped and created ({APP_DB}; smoke: {SMOKE_DB})",
    )
    args = parser.parse_args(argv)
    smoke = args.smoke
    args.duration = args.duration or (3 if smoke else 10)
    args.warmup = 1 if smoke else 3
    # wrk's own -d is this much later than the scripts' clean stop: a request
    # still unanswered by then is reported (unclean) rather than lost silently
    args.margin = 3 if smoke else 5
    args.clients = [
        int(c) for c in (args.clients or ("1" if smoke else "1,8,32")).split(",")
    ]
    names = args.scenarios or ("deposit,balance" if smoke else ",".join(SCENARIOS))
    args.scenarios = [SCENARIOS[name] for name in names.split(",")]
    args.sarafs = args.sarafs or (2 if smoke else 10)
    args.accounts = args.accounts or (50 if smoke else 500)
    args.capital_deposits = args.capital_deposits or (1 if smoke else 60)
    args.workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    args.database = args.database or (SMOKE_DB if smoke else APP_DB)
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        parser.error("--database: lower-case letters, digits and _ only")
    if smoke:
        args.no_pgbench = args.no_profile = True
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    for tool in ("wrk", "psql", "pgbench", "pg_isready"):
        if shutil.which(tool) is None:
            raise SystemExit(f"bench: '{tool}' is not installed (see bench/README.md)")
    started = datetime.datetime.now(datetime.UTC)
    run_id = started.strftime("r%Y%m%dT%H%M%S")
    work_dir = ROOT / "var" / "bench" / run_id
    work_dir.mkdir(parents=True, exist_ok=True)
    env = app_env(secrets.token_urlsafe(50), args.database)
    data_path = work_dir / "data.lua"
    seed_path = work_dir / "data.json"
    results_path = args.results or (
        work_dir / "results.json"
        if args.smoke
        else BENCH / "results" / f"{started.date().isoformat()}.json"
    )
    results_path.parent.mkdir(parents=True, exist_ok=True)
    problems = []

    ensure_postgres()
    machine_info = machine()
    log(f"fresh database {args.database}")
    recreate_database(args.database)
    django(["manage.py", "migrate", "--noinput", "-v", "0"], env, check=True)
    log(f"seeding {args.sarafs} sarafs x {args.accounts} customer accounts")
    django(
        [
            "-m",
            "bench.cli",
            "seed",
            f"--sarafs={args.sarafs}",
            f"--accounts={args.accounts}",
            f"--capital-deposits={args.capital_deposits}",
            f"--lua={data_path}",
            f"--json={seed_path}",
        ],
        env,
        check=True,
    )

    results = {
        "started_at": started.isoformat(timespec="seconds"),
        "mode": "smoke" if args.smoke else "full",
        "machine": machine_info,
        "config": {
            "duration_s": args.duration,
            "clients": args.clients,
            "sarafs": args.sarafs,
            "accounts_per_saraf": args.accounts,
            "gunicorn": {
                "workers": args.workers,
                "worker_class": args.worker_class,
                "threads": args.threads,
            },
            "pgbench_scale": None if args.no_pgbench else args.pgbench_scale,
        },
        "scenarios": {},
    }

    server = Server(
        env=env,
        port=args.port or free_port(),
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        log_path=work_dir / "gunicorn.log",
    )
    try:
        server.wait_ready()
        log(f"gunicorn up: {args.workers} {args.worker_class} workers")
        # Every worker's first requests load the URLconf and open its database
        # connection; a short read-only load keeps that out of the figures.
        run_wrk(
            scenario=SCENARIOS["balance"],
            clients=max(2, args.workers),
            duration=args.warmup,
            margin=args.margin,
            url=server.url,
            data_path=data_path,
            work_dir=work_dir,
            run_id=f"{run_id}-warmup",
        )
        for scenario in args.scenarios:
            results["scenarios"][scenario.name] = {}
            for clients in args.clients:
                before = entry_counts(args.database)
                report = run_wrk(
                    scenario=scenario,
                    clients=clients,
                    duration=args.duration,
                    margin=args.margin,
                    url=server.url,
                    data_path=data_path,
                    work_dir=work_dir,
                    run_id=run_id,
                )
                after = entry_counts(args.database)
                found = scenario_problems(scenario, report, before, after)
                report["problems"] = found
                problems += found
                results["scenarios"][scenario.name][str(clients)] = report
                latency = report["latency_ms"]
                log(
                    f"{scenario.name} c={clients}: {report['rps']:.1f} req/s, "
                    f"p50 {latency['p50']:.1f} p95 {latency['p95']:.1f} "
                    f"p99 {latency['p99']:.1f} ms, {report['errors']} errors"
                    + "".join(
                        f", {name} {rate:.1f}/s"
                        for name, rate in report["counters_per_s"].items()
                    )
                )
    finally:
        server.stop()

    if not args.no_pgbench:
        results["pgbench"] = run_pgbench(
            clients=args.clients, duration=args.duration, scale=args.pgbench_scale
        )
    results["deposit_to_pgbench_ratio"] = deposit_ratios(
        results["scenarios"], results.get("pgbench", {})
    )

    if not args.no_profile:
        queries_path = work_dir / "deposit-queries.json"
        django(
            [
                "-m",
                "bench.cli",
                "queries",
                f"--seed={seed_path}",
                f"--out={queries_path}",
            ],
            env,
            check=True,
        )
        results["deposit_queries"] = json.loads(queries_path.read_text())
        profile_path = results_path.with_name(
            results_path.stem + "-deposit-profile.txt"
        )
        django(
            [
                "-m",
                "bench.cli",
                "profile",
                f"--seed={seed_path}",
                f"--out={profile_path}",
            ],
            env,
            check=True,
        )
        results["deposit_profile_file"] = str(profile_path)

    log("verify_ledger")
    verify = django(["manage.py", "verify_ledger"], env, capture_output=True, text=True)
    results["verify_ledger"] = {
        "exit_code": verify.returncode,
        "output": (verify.stdout + verify.stderr).strip()[-4000:],
    }
    if verify.returncode != 0:
        problems.append(f"verify_ledger failed:\n{verify.stdout}{verify.stderr}")
    results["problems"] = problems

    results_path.write_text(json.dumps(results, indent=2) + "\n")

    print()
    print(markdown_table(results))
    print()
    log(f"results: {results_path}")
    if problems:
        print("\nBENCHMARK FAILED:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    log("all checks passed: ledger verified, every success matches its entry")
    return 0


if __name__ == "__main__":
    sys.exit(main())
