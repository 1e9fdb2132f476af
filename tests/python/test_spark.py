"""The same dbt project on DuckDB and on Apache Spark (local mode): every SQL mart equal.

Not part of `make test` (CI time): run by `make test-spark`, which installs the `spark` extra and
passes --run-spark. Generates a small data set, loads it (DuckDB raw tables), exports the raw
layer to the Parquet lake, builds the `spark_sql` selector (selectors.yml: no dbt Python models)
on both engines with every data and unit test, then compares each mart both built: same row
count, same rows, doubles to 1e-9. Spark's tables are Parquet under its warehouse folder, read
here by DuckDB, so no Spark session is needed for the comparison.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from .conftest import PROJECT_DIR

pytestmark = pytest.mark.spark

EVENTS = int(os.environ.get("JW_SPARK_TEST_EVENTS", "20000"))
TOLERANCE = 1e-9
# the time of each build, not of the data: never equal between two builds
BUILD_TIME_COLUMNS = {"derived_at", "fitted_at", "fit_id", "hours_since_last_load"}
BIN = Path(sys.executable).parent


def _run(args: list[str], env: dict[str, str], check: bool = True) -> tuple[float, int]:
    started = time.monotonic()
    code = subprocess.run(args, cwd=PROJECT_DIR, env=env, check=check).returncode
    return time.monotonic() - started, code


def _results(target_path: Path) -> dict[str, int]:
    """Nodes of a dbt build by kind and status (run_results.json)."""
    counts: dict[str, int] = {}
    for result in json.loads((target_path / "run_results.json").read_text())["results"]:
        kind = result["unique_id"].split(".")[0]
        key = f"{kind} {result['status']}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def _normal(value):
    """One representation per value across engines (time zones, decimals, floats)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return tuple(_normal(item) for item in value)
    return value


def _sort_key(row: tuple) -> tuple:
    return tuple(
        (0, "") if v is None else (1, f"{v:.6e}") if isinstance(v, float) else (1, str(v))
        for v in row
    )


def _same(left, right) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        if left is None or right is None:
            return left is right
        if math.isnan(left) and math.isnan(right):
            return True
        return math.isclose(left, right, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return left == right


def _rows(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> list[tuple]:
    # timestamps as UTC wall time on both sides (Spark writes them without a zone)
    selected = ", ".join(
        f"timezone('UTC', \"{c}\")" if kind == "TIMESTAMP WITH TIME ZONE" else f'"{c}"'
        for c, kind in columns
    )
    rows = [
        tuple(_normal(v) for v in row)
        for row in con.execute(f"select {selected} from {relation}").fetchall()
    ]
    return sorted(rows, key=_sort_key)


def compare(duckdb_path: Path, spark_warehouse: Path) -> list[dict]:
    """Every mart both engines built: rows on each side and whether all rows match."""
    con = duckdb.connect(str(duckdb_path), read_only=True)
    con.execute("set TimeZone = 'UTC'")
    marts = [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
    ]
    report = []
    for mart in marts:
        folder = spark_warehouse / "marts.db" / mart
        if not folder.is_dir():
            report.append(
                {"mart": mart, "duckdb_rows": None, "spark_rows": None, "match": "not on Spark"}
            )
            continue
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? order by ordinal_position",
            [mart],
        ).fetchall()
        columns = [(c, kind) for c, kind in columns if c not in BUILD_TIME_COLUMNS]
        spark_relation = f"read_parquet('{folder}/*.parquet')"
        spark_columns = [
            c
            for (c,) in con.execute(
                f"select column_name from (describe select * from {spark_relation})"
            ).fetchall()
        ]
        left = _rows(con, f'marts."{mart}"', columns)
        right = _rows(con, spark_relation, [(c, kind) for c, kind in columns if c in spark_columns])
        match = (
            [c for c, _ in columns] == [c for c in spark_columns if c not in BUILD_TIME_COLUMNS]
            and len(left) == len(right)
            and all(
                all(_same(a, b) for a, b in zip(mine, theirs, strict=True))
                for mine, theirs in zip(left, right, strict=True)
            )
        )
        report.append(
            {
                "mart": mart,
                "duckdb_rows": len(left),
                "spark_rows": len(right),
                "match": "yes" if match else "NO",
            }
        )
    con.close()
    return report


def test_every_mart_is_equal_on_duckdb_and_spark(tmp_path):
    env = dict(os.environ)
    env.update(
        {
            "JW_DUCKDB_PATH": str(tmp_path / "warehouse.duckdb"),
            "JW_LANDING_DIR": str(tmp_path / "landing"),
            "JW_PUBLISH_DIR": str(tmp_path / "published"),
            "JW_ALERTS_LOG": str(tmp_path / "alerts.log"),
            "JW_LAKE_DIR": str(tmp_path / "lake"),
            "JW_SPARK_WAREHOUSE_DIR": str(tmp_path / "spark" / "warehouse"),
            "JW_SPARK_MASTER": env.get("JW_SPARK_MASTER", "local[2]"),
            # Spark has no session variables: the key is a literal there, the same on both
            "JW_PSEUDONYMIZATION_KEY": env.get("JW_PSEUDONYMIZATION_KEY", "demo-key-not-secret"),
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "DBT_PROJECT_DIR": str(PROJECT_DIR),
            "DO_NOT_TRACK": "1",
        }
    )
    cli = str(BIN / "journey-warehouse")
    dbt = str(BIN / "dbt")
    _run(
        [cli, "generate", "--events", str(EVENTS), "--seed", "7", "--out", env["JW_LANDING_DIR"]],
        env,
    )
    _run([cli, "load"], env)
    _run([cli, "export-lake"], env)
    build = ["build", "--selector", "spark_sql", "--quiet"]
    duckdb_seconds, duckdb_code = _run(
        [dbt, *build, "--target-path", str(tmp_path / "target-duckdb")], env, check=False
    )
    # a failed test still leaves the marts to compare: the table first, the verdict last
    spark_seconds, spark_code = _run(
        [dbt, *build, "--target", "spark", "--target-path", str(tmp_path / "target-spark")],
        env,
        check=False,
    )
    report = compare(tmp_path / "warehouse.duckdb", tmp_path / "spark" / "warehouse")

    print(f"\n{'mart':48} {'duckdb rows':>12} {'spark rows':>12}  match")
    for row in report:
        print(
            f"{row['mart']:48} {row['duckdb_rows']!s:>12} {row['spark_rows']!s:>12}  {row['match']}"
        )
    print(f"nodes DuckDB: {_results(tmp_path / 'target-duckdb')}")
    print(f"nodes Spark:  {_results(tmp_path / 'target-spark')}")
    print(
        f"wall time dbt build, {EVENTS} events: DuckDB {duckdb_seconds:.0f} s, Spark {spark_seconds:.0f} s"
    )
    assert (duckdb_code, spark_code) == (0, 0), "a dbt build failed (see its output above)"
    compared = [row for row in report if row["match"] != "not on Spark"]
    assert compared, "Spark built no mart"
    assert all(row["match"] == "yes" for row in compared), [
        r["mart"] for r in compared if r["match"] != "yes"
    ]
