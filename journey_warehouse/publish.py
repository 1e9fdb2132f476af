"""Publish a read-only snapshot of the marts for readers (reports, notebooks).

Readers never open the file the pipeline writes. Each publish writes a new DuckDB file with the
``marts`` schema's tables into ``<publish_dir>/snapshots/``, then atomically repoints the
``current.duckdb`` symlink at it: a reader opens either the old or the new snapshot, never half a
run, and never holds a lock the pipeline needs. Older snapshots beyond ``keep`` are removed
(a reader that still has one open keeps reading it: the inode lives until it is closed).

Only a build that finished and passed the gate is published: the status file's gate must have
passed on the build that is still the newest of the build ledger, so a dbt run after the gate
(failed, killed or just newer) is never published unchecked. The snapshot carries which build
it is (``published_build``). Publishes are serialised by a lock, and each first removes what a
killed one left behind.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from journey_warehouse.quality.gate import latest_build
from journey_warehouse.settings import Settings, connect
from journey_warehouse.status import read_status

CURRENT = "current.duckdb"
# what readers of a snapshot show instead of codes (the report sources call them): a code's
# label from dim_labels (the code itself where it has none), its position where its kind has
# an order (stages), a list of codes ("a > b", "a;b"), and a flow node ("2. paid_search");
# dim_labels gets its labels from the seeds
LABEL_MACROS = (
    """create macro main.label(kind, value) as coalesce(
        (select dim_labels.display_label from main.dim_labels
         where dim_labels.label_kind = kind and dim_labels.code = value), value)""",
    """create macro main.label_order(kind, value) as (
        select dim_labels.sort_order from main.dim_labels
        where dim_labels.label_kind = kind and dim_labels.code = value)""",
    """create macro main.label_list(kind, codes, separator) as (
        select string_agg(
            coalesce(dim_labels.display_label, items.code), separator order by items.position
        )
        from (select unnest(string_split(codes, separator)) as code,
                     generate_subscripts(string_split(codes, separator), 1) as position) as items
        left join main.dim_labels
            on dim_labels.label_kind = kind and dim_labels.code = items.code)""",
    """create macro main.label_node(kind, node) as case
        when regexp_matches(node, '^\\d+\\. ')
            then split_part(node, '. ', 1) || '. '
                 || main.label(kind, substr(node, strpos(node, '. ') + 2))
        else node end""",
)


class NotPublishable(RuntimeError):
    """The warehouse holds no build that passed the gate; the message says why."""


def _gated_build(con, settings: Settings) -> dict:
    """The newest build, if the last gate passed on it (``con`` has the warehouse attached)."""
    status = read_status(settings)
    build = latest_build(con, "warehouse")
    if "checked_at" not in status:
        raise NotPublishable(f"no gate has run (see {settings.status_file})")
    if not status["success"]:
        raise NotPublishable(f"the gate failed at {status['checked_at']}")
    if build is None or build["build_id"] != status.get("build_id"):
        newest = build["build_id"] if build else "none"
        raise NotPublishable(
            f"the gate passed on build {status.get('build_id')}, but the newest build is "
            f"{newest}: run the gate again"
        )
    return {**build, "gate_checked_at": status["checked_at"]}


def add_label_macros(con) -> None:
    """The label functions, on the snapshot ``con`` has open as main (it holds dim_labels)."""
    for macro in LABEL_MACROS:
        con.execute(macro)


def current_snapshot(settings: Settings) -> Path:
    return settings.publish_dir / CURRENT


def publish(settings: Settings, keep: int = 3, force: bool = False) -> dict:
    """``force``: publish whatever the marts hold, gate or not (an operator's override)."""
    snapshots = settings.publish_dir / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    with (settings.publish_dir / ".publish.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _remove_leftovers(settings, snapshots)  # of a publish killed mid-way
        try:
            return _publish(settings, snapshots, keep, force)
        finally:
            _remove_leftovers(settings, snapshots)  # of this one, if it was refused or failed


def _remove_leftovers(settings: Settings, snapshots: Path) -> None:
    for leftover in [*snapshots.glob("*.partial*"), settings.publish_dir / f"{CURRENT}.link"]:
        leftover.unlink(missing_ok=True)


def _publish(settings: Settings, snapshots: Path, keep: int, force: bool) -> dict:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = snapshots / f"marts-{stamp}.duckdb"
    partial = target.with_suffix(".partial")
    # the warehouse's memory, thread and spill limits: copying the big facts must not take
    # DuckDB's default of 80 % of the machine
    con = connect(replace(settings, duckdb_path=partial))
    try:
        con.execute(f"attach '{settings.duckdb_path}' as warehouse (read_only)")
        build = latest_build(con, "warehouse") if force else _gated_build(con, settings)
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() "
                "where database_name = 'warehouse' and schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        for table in tables:
            con.execute(f'create table main."{table}" as select * from warehouse.marts."{table}"')
        rows = {
            table: con.execute(f'select count(*) from main."{table}"').fetchone()[0]
            for table in tables
        }
        if "dim_labels" in tables:
            add_label_macros(con)
        con.execute(
            "create table main.published_build as select ?::varchar as build_id, "
            "?::timestamp as build_finished_at, ?::timestamp as gate_checked_at, "
            "current_timestamp::timestamp as published_at, ?::boolean as is_forced",
            [(build or {}).get("build_id"), (build or {}).get("finished_at"),
             (build or {}).get("gate_checked_at"), force],
        )  # fmt: skip
        con.execute("detach warehouse")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(partial, target)
    link = current_snapshot(settings)
    temporary_link = link.with_name(f"{CURRENT}.link")
    temporary_link.unlink(missing_ok=True)
    temporary_link.symlink_to(target.relative_to(link.parent))
    os.replace(temporary_link, link)
    for old in sorted(snapshots.glob("marts-*.duckdb"))[:-keep]:
        old.unlink()
    return {
        "snapshot": str(target),
        "build_id": (build or {}).get("build_id"),
        "tables": len(tables),
        "rows": rows,
    }
