"""Benchmark the pipeline end to end: ``make bench`` (``python -m tools.bench``).

For each size (touchpoint events over 365 days, month grain, Parquet) it works in a scratch
folder (``data/bench/<size>/`` unless ``--dir``) and runs every phase as its own subprocess,
measuring wall time and peak memory: generate, load, ``dbt build`` (full, with all data and unit
tests), the Great Expectations gate, publish and the Evidence reports build. Then a nightly
run: the generator's day 366 (2026-01-01, cut out of the ``*_2026-01.*`` files of the same
366-day run) is added to the landing folder, loaded and built incrementally. A single DuckDB
pass over the raw events that reads every column the pipeline uses
is the floor the build is compared with. The results go to ``BENCHMARKS.md``; the big files are
removed at the end (``--keep`` keeps them).

Peak memory is the peak of the summed resident set size (RSS) of the phase's process and all
its descendants, polled every 0.2 s with psutil (a peak shorter than that can be missed).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path

import psutil

from journey_warehouse.settings import PROJECT_DIR, Settings

BIN = Path(sys.executable).parent
SEED = 42
START = date(2025, 1, 1)
DAYS = 365
NIGHTS = ("2026-01-01",)  # day 366: the nightly increment
NIGHT_SUFFIX = "_2026-01."  # the month files that hold them
TIME_COLUMNS = {"touchpoints": "occurred_at", "orders": "ordered_at", "refunds": "refunded_at",
                "feedback": "responded_at"}  # fmt: skip
DEFAULT_SIZES = (1_000_000, 10_000_000)
POLL_SECONDS = 0.2
GIB = 1024**3
TARGET_PIPELINE_SECONDS = 600
TARGET_PEAK_BYTES = 4 * GIB
TARGET_NIGHTLY_SHARE = 0.10
PIPELINE = ("load", "dbt build", "gate", "publish")  # load -> published

FLOOR_SQL = """
    select
        channel,
        event_type,
        count(*) as events,
        count(distinct anonymous_id) as devices,
        min(event_id) as first_event_id,
        max(event_id) as last_event_id,
        min(occurred_at) as first_occurred_at,
        max(occurred_at) as last_occurred_at,
        count(customer_id) as with_customer,
        count(email_hash) as with_email,
        count(account_id) as with_account,
        count(campaign) as with_campaign,
        count(json_extract_string(attributes, '$.order_id')) as with_order,
        max(_loaded_at) as last_loaded_at
    from raw.touchpoints
    group by 1, 2
"""
REDERIVED_SQL = """
    with touchpoints as (
        select
            count(*) filter (where derived_at = (select max(derived_at) from marts.fct_touchpoints)),
            count(*),
            count(distinct person_id) filter (
                where derived_at = (select max(derived_at) from marts.fct_touchpoints)),
            count(distinct person_id)
        from marts.fct_touchpoints
    ),
    journeys as (
        select
            count(*) filter (where derived_at = (
                select max(derived_at) from intermediate.int_journeys_rederived)),
            count(*) filter (where is_current)
        from intermediate.int_journeys_rederived
    )
    select * from touchpoints, journeys
"""


class BenchError(RuntimeError):
    """A phase failed; the message carries the tail of its output."""


@dataclass
class Phase:
    name: str
    seconds: float
    peak_rss: int
    returncode: int
    note: str = ""


@dataclass
class Build:
    """What dbt's run_results.json says about one `dbt build`."""

    slowest: list[tuple[str, float]] = field(default_factory=list)
    by_type: dict[str, float] = field(default_factory=dict)
    tests: int = 0
    failures: int = 0  # tests that failed and nodes that errored


@dataclass
class Night:
    day: str
    events: int = 0
    files: int = 0
    build: Build = field(default_factory=Build)
    # touchpoint rows re-derived, rows, people re-derived, people, journeys re-derived, journeys
    rederived: tuple[int, ...] = (0, 0, 0, 0, 0, 0)


@dataclass
class SizeResult:
    size: int
    events: int = 0  # touchpoints loaded for the 365 days
    phases: dict[str, Phase] = field(default_factory=dict)
    floor_seconds: float = 0.0
    full: Build = field(default_factory=Build)
    nights: list[Night] = field(default_factory=list)
    gate: str = ""
    disk_bytes: int = 0
    load_average: tuple[float, ...] = ()  # 1 / 5 / 15 min, when the size started


def tree_rss(process: psutil.Process) -> int:
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += member.memory_info().rss
    return total


def measure(name: str, cmd: list[str], env: dict[str, str], log_dir: Path,
            check: bool = True) -> Phase:  # fmt: skip
    """Run one phase as a subprocess; wall time and peak RSS of its process tree."""
    log = log_dir / f"{name.replace(' ', '_')}.log"
    print(f"  {name:<24}", end="", flush=True)
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
        watched = psutil.Process(proc.pid)
        peak = 0
        while True:
            peak = max(peak, tree_rss(watched))
            try:
                proc.wait(timeout=POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                continue
    seconds = time.perf_counter() - started
    failed = "" if proc.returncode == 0 else f"  exit {proc.returncode}"
    print(f"{seconds:9.1f} s  {peak / GIB:6.2f} GiB{failed}")
    if check and proc.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise BenchError(f"{name} failed (exit {proc.returncode}), see {log}:\n{tail}")
    return Phase(name, seconds, peak, proc.returncode)


def read_build(run_results: Path, top: int = 5) -> Build:
    results = json.loads(run_results.read_text())["results"]
    build = Build(failures=sum(1 for r in results if r["status"] in ("fail", "error")))
    for r in results:
        kind = r["unique_id"].split(".")[0]
        build.by_type[kind] = build.by_type.get(kind, 0.0) + r["execution_time"]
    models = [(r["unique_id"].split(".")[-1], r["execution_time"])
              for r in results if r["unique_id"].startswith("model.")]  # fmt: skip
    build.slowest = sorted(models, key=lambda item: -item[1])[:top]
    build.tests = sum(1 for r in results if r["unique_id"].startswith("test."))
    return build


def reports_available() -> str | None:
    """None if the reports build can be measured, else why not."""
    if not (PROJECT_DIR / "reports" / "node_modules").exists():
        return "not measured (reports not installed)"
    if shutil.which("npm") is None:
        return "not measured (npm not on PATH)"
    return None


def measure_reports(env: dict[str, str], root: Path) -> Phase:
    """The Evidence build writes reports/build: keep the project's site aside and put it back."""
    site = PROJECT_DIR / "reports" / "build"
    kept = root / "reports_build_before_bench"
    if site.exists():
        shutil.move(site, kept)
    try:
        phase = measure("reports", [str(BIN / "journey-warehouse"), "reports"], env,
                        root / "logs", check=False)  # fmt: skip
    finally:
        if site.exists():
            shutil.move(site, root / "reports_build")
        if kept.exists():
            shutil.move(kept, site)
    if phase.returncode != 0:
        phase.note = f"failed (exit {phase.returncode}, see logs/reports.log)"
    return phase


def floor_query(database: str) -> None:
    """Entry point of the floor subprocess: one pass over raw.touchpoints, timed."""
    from journey_warehouse.settings import connect

    con = connect(replace(Settings.from_env(), duckdb_path=Path(database)), read_only=True)
    started = time.perf_counter()
    groups = con.execute(FLOOR_SQL).fetchall()
    seconds = time.perf_counter() - started
    con.close()
    print(json.dumps({"seconds": seconds, "groups": len(groups),
                      "events": sum(g[2] for g in groups)}))  # fmt: skip


def query_one(database: Path, sql: str) -> tuple:
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def split_nights(generated: Path, nights_dir: Path) -> None:
    """Cut the 2026-01 month files into one file per nightly day (by the local date of the
    row's timestamp, as the generator files rows), leaving the rest of the month out."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    for path in sorted(generated.glob(f"*{NIGHT_SUFFIX}*")):
        dataset = path.name.split("_")[0]
        column = TIME_COLUMNS[dataset]
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            for day in NIGHTS:
                part = table.filter(pc.starts_with(table[column], day))
                pq.write_table(part, nights_dir / f"{dataset}_{day}.parquet", compression="zstd")
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        position = next(csv.reader([lines[0]])).index(column)
        for day in NIGHTS:
            rows = [line for line in lines[1:] if next(csv.reader([line]))[position][:10] == day]
            if rows:
                (nights_dir / f"{dataset}_{day}{path.suffix}").write_text(
                    lines[0] + "".join(rows), encoding="utf-8"
                )


def run_size(size: int, bench_dir: Path, keep: bool, reports: str | None) -> SizeResult:
    root = bench_dir / str(size)
    if root.exists():
        shutil.rmtree(root)
    generated, landing, logs, nights = (
        root / n for n in ("generated", "landing", "logs", "nights")
    )
    for folder in (generated, landing, logs, nights):
        folder.mkdir(parents=True)
    warehouse = root / "warehouse.duckdb"
    env = {
        **os.environ,
        "JW_DUCKDB_PATH": str(warehouse),
        "JW_LANDING_DIR": str(landing),
        "JW_PUBLISH_DIR": str(root / "published"),
        "JW_ALERTS_LOG": str(root / "alerts.log"),
        # the files are hard-linked in complete just before each load: no settle interval
        "JW_LANDING_SETTLE_SECONDS": "0",
        "JW_ALLOW_DEMO_KEY": "1",  # generated data in a folder of its own
        "DAGSTER_HOME": str(root / "dagster"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(root / "target"),  # not the project's target/ (Dagster reads it)
        "DBT_LOG_PATH": str(logs),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "SEND_ANONYMOUS_USAGE_STATS": "no",
        "DAGSTER_DISABLE_TELEMETRY": "1",
    }
    jw = str(BIN / "journey-warehouse")
    dbt = [str(BIN / "dbt"), "build"]
    result = SizeResult(size, load_average=os.getloadavg())
    print(f"\n{size:,} events -> {root}")

    def phase(name: str, cmd: list[str], check: bool = True) -> Phase:
        result.phases[name] = measure(name, cmd, env, logs, check=check)
        return result.phases[name]

    def dbt_build(name: str, label: str) -> None:
        """A failing test does not stop the benchmark (the models are built); anything that
        leaves no run_results.json does."""
        (root / "target" / "run_results.json").unlink(missing_ok=True)
        built = phase(name, dbt, check=False)
        if not (root / "target" / "run_results.json").exists():
            raise BenchError(f"{name} failed (exit {built.returncode}), see {logs / 'dbt.log'}")
        shutil.copy(root / "target" / "run_results.json", root / f"run_results_{label}.json")
        failures = read_build(root / f"run_results_{label}.json").failures
        if built.returncode != 0:
            built.note = f"exit {built.returncode}: {failures} tests failed or nodes errored"

    # 366 days: day 366 is the nightly increment; `--events` is scaled so that the
    # 365 days of the year hold about `size` events
    days = DAYS + len(NIGHTS)
    phase("generate", [jw, "generate", "--events", str(round(size * days / DAYS)), "--seed",
                       str(SEED), "--out", str(generated), "--grain", "month", "--start",
                       str(START), "--days", str(days), "--format", "parquet",
                       "--fault-rate", "0", "--no-progress"])  # fmt: skip
    result.phases["generate"].note = f"{days} days, {round(size * days / DAYS):,} events"
    split_nights(generated, nights)
    for path in generated.iterdir():
        if NIGHT_SUFFIX not in path.name:
            os.link(path, landing / path.name)
    phase("load", [jw, "load"])
    result.events = query_one(warehouse, "select count(*) from raw.touchpoints")[0]
    floor = phase("floor", [sys.executable, "-m", "tools.bench", "--floor", str(warehouse)])
    result.floor_seconds = json.loads((logs / "floor.log").read_text().splitlines()[-1])["seconds"]
    floor.note = f"of which the query: {result.floor_seconds:.1f} s"
    dbt_build("dbt build", "full")
    result.full = read_build(root / "run_results_full.json")
    gate = phase("gate", [jw, "gate"], check=False)
    result.gate = "passed" if gate.returncode == 0 else "FAILED"
    gate.note = f"gate {result.gate}"
    # timed even after a failed gate (forced, and the table says so)
    forced = [] if gate.returncode == 0 else ["--force"]
    phase("publish", [jw, "publish", *forced]).note = "forced: the gate failed" if forced else ""
    if reports:
        result.phases["reports"] = Phase("reports", 0.0, 0, 0, reports)
    else:
        result.phases["reports"] = measure_reports(env, root)

    for number, day in enumerate(NIGHTS, start=1):
        night = Night(day)
        before = query_one(warehouse, "select count(*) from raw.touchpoints")[0]
        for path in nights.glob(f"*_{day}.*"):
            os.link(path, landing / path.name)
            night.files += 1
        phase(f"night {number}: load", [jw, "load"]).note = f"{night.files} files of {day}"
        night.events = query_one(warehouse, "select count(*) from raw.touchpoints")[0] - before
        dbt_build(f"night {number}: dbt build", f"night_{number}")
        night.build = read_build(root / f"run_results_night_{number}.json")
        night.rederived = query_one(warehouse, REDERIVED_SQL)
        result.nights.append(night)
    # the rest of a nightly run, after the second night
    gate = phase(f"night {len(NIGHTS)}: gate", [jw, "gate"], check=False)
    gate.note = "gate passed" if gate.returncode == 0 else "gate FAILED"
    forced = [] if gate.returncode == 0 else ["--force"]
    phase(f"night {len(NIGHTS)}: publish", [jw, "publish", *forced])

    result.disk_bytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    (root / "results.json").write_text(json.dumps(asdict(result), indent=2, default=str))
    if not keep:
        for name in ("generated", "landing", "nights", "published", "target", "reports_build",
                     "warehouse.duckdb", "duckdb_tmp", "dagster"):  # fmt: skip
            path = root / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    return result


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    node = shutil.which("node")
    node_version = (
        subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
        if node
        else "not installed"
    )
    settings = Settings.from_env()
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "RAM": f"{psutil.virtual_memory().total / GIB:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "DuckDB": version("duckdb"),
        "dbt-core / dbt-duckdb": f"{version('dbt-core')} / {version('dbt-duckdb')}",
        "Dagster / Great Expectations": f"{version('dagster')} / {version('great-expectations')}",
        "Node": node_version,
        "DuckDB settings": f"memory_limit {settings.memory_limit}, threads {settings.threads}, dbt threads 1",
        "load average at the end (1 / 5 / 15 min)": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def fmt_seconds(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds:,.0f} s ({seconds / 60:.1f} min)"
    return f"{seconds:,.1f} s"


def fmt_bytes(n: int) -> str:
    return f"{n / GIB:.2f} GiB" if n >= GIB / 2 else f"{n / 1024**2:,.0f} MiB"


def verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**MISS**"


def pipeline(r: SizeResult) -> tuple[float, int]:
    """Seconds and peak memory from load to published."""
    return (sum(r.phases[p].seconds for p in PIPELINE),
            max(r.phases[p].peak_rss for p in PIPELINE))  # fmt: skip


def nightly(r: SizeResult, number: int) -> float:
    """Seconds of a night's load + dbt build."""
    return sum(r.phases[f"night {number}: {step}"].seconds for step in ("load", "dbt build"))


def render_size(r: SizeResult) -> list[str]:
    seconds, peak = pipeline(r)
    full = r.phases["dbt build"].seconds
    lines = [
        f"## {r.size:,} events",
        "",
        f"{r.events:,} touchpoints loaded for the year; "
        + "; ".join(f"night {i}: {n.events:,} ({n.day})" for i, n in enumerate(r.nights, 1))
        + f". `dbt build` ran {r.full.tests} data tests; the gate {r.gate}. The scratch folder "
        f"held {fmt_bytes(r.disk_bytes)} at the end. Load average when it started: "
        + " / ".join(f"{x:.2f}" for x in r.load_average)
        + " (1 / 5 / 15 min).",
        "",
        "| phase | wall time | peak memory | note |",
        "|---|---:|---:|---|",
    ]
    for p in r.phases.values():
        if p.seconds == 0 and p.peak_rss == 0:
            lines.append(f"| {p.name} | – | – | {p.note} |")  # noqa: RUF001
        else:
            lines.append(f"| {p.name} | {fmt_seconds(p.seconds)} | {fmt_bytes(p.peak_rss)} "
                         f"| {p.note} |")  # fmt: skip
    lines += [
        f"| **load → published** | **{fmt_seconds(seconds)}** | **{fmt_bytes(peak)}** "
        "| load + dbt build + gate + publish |",
        *(
            f"| **night {i}: load + dbt build** | **{fmt_seconds(nightly(r, i))}** | | |"
            for i in range(1, len(r.nights) + 1)
        ),
        "",
        "| ratio | value |",
        "|---|---:|",
        f"| floor: one pass over the raw events (query time) | {fmt_seconds(r.floor_seconds)} |",
        f"| full dbt build / floor | {full / r.floor_seconds:,.0f} x |",
        f"| load → published / floor | {seconds / r.floor_seconds:,.0f} x |",
    ]
    for i, night in enumerate(r.nights, 1):
        rows, total, people, all_people, journeys, all_journeys = night.rederived
        lines += [
            f"| night {i}: load + dbt build / full dbt build | {nightly(r, i) / full:.0%} |",
            f"| night {i}: fct_touchpoints rows re-derived | {rows:,} of {total:,} "
            f"({rows / max(total, 1):.1%}; {people:,} of {all_people:,} people) |",
            f"| night {i}: journeys re-derived (journey stages, paths, weights) | {journeys:,} of "
            f"{all_journeys:,} ({journeys / max(all_journeys, 1):.1%}) |",
        ]
    lines += [
        "",
        "dbt execution time by resource type (sum over the nodes, which run one at a time; the "
        "rest of the wall time is start-up, parsing and compilation):",
        "",
        "| build | wall time | models | seeds | data tests | unit tests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    builds = [("full", "dbt build", r.full)] + [
        (f"night {i}", f"night {i}: dbt build", n.build) for i, n in enumerate(r.nights, 1)
    ]
    for label, phase_name, build in builds:
        cells = " | ".join(fmt_seconds(build.by_type.get(k, 0.0))
                           for k in ("model", "seed", "test", "unit_test"))  # fmt: skip
        lines.append(f"| {label} | {fmt_seconds(r.phases[phase_name].seconds)} | {cells} |")
    lines += [
        "",
        "Slowest five models:",
        "",
        "| " + " | ".join(f"{label} | s" for label, _, _ in builds) + " |",
        "|" + "---|---:|" * len(builds),
    ]
    for rank in range(5):
        cells = []
        for _, _, build in builds:
            name, secs = build.slowest[rank] if rank < len(build.slowest) else ("", 0.0)
            cells.append(f"`{name}` | {secs:,.1f}" if name else " | ")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def render(results: list[SizeResult], started: datetime, finished: datetime) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`.venv/bin/python -m tools.bench --sizes "
        f"{' '.join(str(r.size) for r in results)}`) on {started:%Y-%m-%d}, "
        f"{started:%H:%M} to {finished:%H:%M} UTC. Edit `tools/bench.py`, not this file.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine().items()),
        "",
        "The machine is shared with other work: these are single runs, not a distribution.",
        "",
        "## Method",
        "",
        f"- Data: `journey-warehouse generate --seed {SEED} --grain month --format parquet "
        f"--start {START} --days {DAYS + len(NIGHTS)} --fault-rate 0`, with `--events` scaled "
        f"by {DAYS + len(NIGHTS)}/{DAYS} so that the {DAYS} days of 2025 hold the stated size. "
        "The files of January 2026 are held back; its first day is the night's delivery.",
        "- Every phase runs as its own subprocess, one after the other, in a scratch folder "
        "(`data/bench/<size>/`; the big files are removed at the end): `journey-warehouse load`, "
        "`dbt build` (all models, seeds, data and unit tests; dbt parses the project first), "
        "`journey-warehouse gate`, `journey-warehouse publish`, `journey-warehouse reports`. "
        "**load → published** is load + dbt build + gate + publish, the part of the nightly "
        "Dagster job before the report site.",
        "- **Peak memory**: the peak of the summed RSS of the phase's process and all its "
        f"descendants, polled every {POLL_SECONDS} s with psutil.",
        "- **Floor**: one DuckDB pass over `raw.touchpoints` that reads every column the "
        "pipeline uses (group by channel and event type; count distinct devices; min/max of ids "
        "and times; counts of customer, e-mail, account, campaign and the JSON `order_id`), with "
        "the warehouse's DuckDB settings. The ratios use its query time (without the interpreter "
        "start-up).",
        "- **Night**: after the full pipeline, the night adds one day's files and runs "
        "`journey-warehouse load` + `dbt build` with the default `late_arrival_lookback_days` "
        "of 0 (new rows are found by load time, so a night re-derives the people its own loads "
        "touch, however late their events are), followed by its gate and publish. Incremental: "
        "touchpoints and sessions (by person), the identity sets, journey stages, journeys, "
        "attribution paths and the six rule-based attribution models (by journey, see "
        "`int_journeys_rederived`); Markov and Shapley weights are rewritten for every "
        "conversion, every other model is rebuilt. Data tests of the incremental models check "
        "the rows the night wrote (`where: latest_derivation`), all other tests run whole.",
        "",
    ]
    for r in results:
        lines += render_size(r)
    lines += ["## Targets", "", "| target | size | measured | |", "|---|---|---:|---|"]
    for r in results:
        seconds, peak = pipeline(r)
        if r.size >= 10_000_000:
            lines += [
                f"| load → published < 10 min | {r.size:,} | {fmt_seconds(seconds)} | "
                f"{verdict(seconds < TARGET_PIPELINE_SECONDS)} |",
                f"| peak memory < 4 GiB (load → published) | {r.size:,} | {fmt_bytes(peak)} | "
                f"{verdict(peak < TARGET_PEAK_BYTES)} |",
            ]
        share = nightly(r, len(r.nights)) / r.phases["dbt build"].seconds
        lines.append(f"| nightly (night {len(r.nights)}) < 10 % of the full build | {r.size:,} | "
                     f"{share:.0%} | {verdict(share < TARGET_NIGHTLY_SHARE)} |")  # fmt: skip
    if not any(r.size >= 10_000_000 for r in results):
        lines.append("| load → published < 10 min, peak < 4 GiB | 10,000,000 | not run | |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        help="touchpoint events per run (default: 1000000 10000000)")  # fmt: skip
    parser.add_argument("--dir", type=Path, default=PROJECT_DIR / "data" / "bench",
                        help="scratch folder (default: data/bench)")  # fmt: skip
    parser.add_argument("--output", type=Path, default=PROJECT_DIR / "BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep the data and warehouse files")
    parser.add_argument("--skip-reports", action="store_true", help="do not build the report site")
    parser.add_argument("--floor", metavar="DATABASE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor_query(args.floor)
        return 0
    started = datetime.now(UTC)
    reports = "not measured (--skip-reports)" if args.skip_reports else reports_available()
    results, failed = [], []
    for size in args.sizes:
        try:
            results.append(run_size(size, args.dir.resolve(), args.keep, reports))
        except BenchError as error:
            print(error, file=sys.stderr)
            failed.append(f"{size:,} events: {str(error).splitlines()[0]}")
    if results:
        text = render(results, started, datetime.now(UTC))
        if failed:
            text += "\n## Failed runs\n\n" + "".join(f"- {f}\n" for f in failed)
        args.output.write_text(text)
        print(f"\nwrote {args.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
