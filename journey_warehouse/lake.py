"""The engine-neutral raw layer: the typed raw tables as Parquet files in a lake folder.

The loader validates and quarantines into DuckDB (``raw.*``) exactly as before; this step copies
every table of the ``raw`` schema (the datasets, their ``quarantine_*`` tables and the
``load_ledger``) to ``<JW_LAKE_DIR>/raw/<table>/data.parquet``. Spark reads them as external
Parquet tables (``macros/lake.sql`` creates them on run start), so a Spark build needs nothing
but the landing files. Each table is written to a temporary folder and swapped in, so a reader
never sees half a table.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .settings import connect, lake_dir


def export_raw(target: Path | None = None) -> dict[str, int]:
    """Write every raw table to Parquet; returns rows per table."""
    root = (target or lake_dir()) / "raw"
    root.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    with connect(read_only=True) as con:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'raw' order by table_name"
            ).fetchall()
        ]
        for table in tables:
            staging = root / f".{table}.tmp"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            # JSON columns as plain text: Spark has no JSON type and reads them as strings
            con.execute(
                f"copy (select * from raw.{table}) to '{staging / 'data.parquet'}' "
                "(format parquet, compression zstd)"
            )
            final = root / table
            shutil.rmtree(final, ignore_errors=True)
            staging.rename(final)
            rows[table] = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
    return rows
