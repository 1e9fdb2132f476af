"""Publish a read-only snapshot of the marts for readers (reports, notebooks).

Readers never open the file the pipeline writes. Each publish writes a new DuckDB file with the
``marts`` schema's tables into ``<publish_dir>/snapshots/``, then atomically repoints the
``current.duckdb`` symlink at it: a reader opens either the old or the new snapshot, never half a
run, and never holds a lock the pipeline needs. Older snapshots beyond ``keep`` are removed
(a reader that still has one open keeps reading it: the inode lives until it is closed).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from journey_warehouse.settings import Settings, connect

CURRENT = "current.duckdb"


def current_snapshot(settings: Settings) -> Path:
    return settings.publish_dir / CURRENT


def publish(settings: Settings, keep: int = 3) -> dict:
    snapshots = settings.publish_dir / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = snapshots / f"marts-{stamp}.duckdb"
    partial = target.with_suffix(".partial")
    # the warehouse's memory, thread and spill limits: copying the big facts must not take
    # DuckDB's default of 80 % of the machine
    con = connect(replace(settings, duckdb_path=partial))
    try:
        con.execute(f"attach '{settings.duckdb_path}' as warehouse (read_only)")
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
        con.execute("detach warehouse")
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(partial, target)
    link = current_snapshot(settings)
    temporary_link = link.with_suffix(".link")
    temporary_link.unlink(missing_ok=True)
    temporary_link.symlink_to(target.relative_to(link.parent))
    os.replace(temporary_link, link)
    for old in sorted(snapshots.glob("marts-*.duckdb"))[:-keep]:
        old.unlink()
    return {"snapshot": str(target), "tables": len(tables), "rows": rows}
