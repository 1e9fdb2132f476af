"""The project's conventions as checks (run by `make lint`): names, descriptions, primary keys,
layer order, contracts, the incremental pattern, import direction and documented settings.
They read dbt's manifest (parsed against a throwaway database) and the source tree."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from .conftest import PROJECT_DIR

DBT = str(PROJECT_DIR / ".venv" / "bin" / "dbt")

# the layer order, one way: staging -> core (the journey spine) -> intermediate -> marts
ALLOWED_READS = {
    "staging": set(),
    "core": {"staging", "core"},
    "intermediate": {"staging", "core", "intermediate"},
    "marts": {"staging", "core", "intermediate", "marts"},
}
# append-only run histories: a refresh would lose them, so new columns are appended
HISTORIES = {"fct_clv_model_fits"}
# reports read facts and dimensions; the invariants are checks of what the reports show, the
# KPI alerts quote the moves of what they show
REPORTS_READING_REPORTS = {"rpt_metric_invariants", "rpt_kpi_alerts"}


@cache
def manifest() -> dict:
    env = dict(os.environ, DO_NOT_TRACK="1", DBT_PROFILES_DIR=str(PROJECT_DIR))
    env["JW_DUCKDB_PATH"] = str(PROJECT_DIR / "target" / "conventions.duckdb")
    subprocess.run([DBT, "parse", "--quiet"], cwd=PROJECT_DIR, env=env, check=True)
    return json.loads((PROJECT_DIR / "target" / "manifest.json").read_text())


def models() -> list[dict]:
    nodes = manifest()["nodes"].values()
    return sorted((n for n in nodes if n["resource_type"] == "model"), key=lambda n: n["name"])


def layer(node: dict) -> str:
    return Path(node["original_file_path"]).parts[1]


def attached_tests(node_id: str) -> list[dict]:
    return [
        n for n in manifest()["nodes"].values()
        if n["resource_type"] == "test" and n.get("attached_node") == node_id
    ]  # fmt: skip


def test_every_model_source_and_column_is_described():
    missing = [m["name"] for m in models() if not m["description"].strip()]
    missing += [
        f"{m['name']}.{c}" for m in models() for c, col in m["columns"].items()
        if not col["description"].strip()
    ]  # fmt: skip
    for source in manifest()["sources"].values():
        name = f"source {source['source_name']}.{source['name']}"
        if not source["description"].strip():
            missing.append(name)
        missing += [f"{name}.{c}" for c, col in source["columns"].items()
                    if not col["description"].strip()]  # fmt: skip
    assert missing == []


def test_every_model_has_a_primary_key_test():
    def has_key(node: dict) -> bool:
        kinds = {
            (t.get("test_metadata") or {}).get("name") for t in attached_tests(node["unique_id"])
        }
        return "unique_combination" in kinds or {"unique", "not_null"} <= kinds

    assert [m["name"] for m in models() if not has_key(m)] == []


@pytest.mark.parametrize(
    ("folder", "pattern"),
    [
        ("staging", r"stg_(?P<source>[a-z]+)__[a-z_]+s"),
        # int_<what>_<verb>: the name says what the step did (collected, stitched, ...)
        ("core", r"int_[a-z_]+_[a-z]+ed|(fct|dim)_[a-z0-9_]+"),
        ("intermediate", r"int_[a-z_]+_[a-z]+ed"),
        ("marts", r"(fct|dim|rpt)_[a-z0-9_]+"),
    ],
)
def test_model_names_follow_their_layer(folder, pattern):
    wrong = []
    for m in (m for m in models() if layer(m) == folder):
        match = re.fullmatch(pattern, m["name"])
        source_folder = Path(m["original_file_path"]).parts[2]
        if not match or ("source" in match.groupdict() and match["source"] != source_folder):
            wrong.append(m["original_file_path"])
    assert wrong == []


def test_layers_read_one_way_and_reports_read_marts():
    by_id = {m["unique_id"]: m for m in models()}
    wrong = []
    for m in models():
        for parent in (by_id[p] for p in m["depends_on"]["nodes"] if p in by_id):
            wrong_layer = layer(parent) not in ALLOWED_READS[layer(m)]
            report_on_report = parent["name"].startswith("rpt_") and (
                m["name"] not in REPORTS_READING_REPORTS
            )
            if wrong_layer or report_on_report:
                wrong.append(f"{parent['name']} -> {m['name']}")
    assert wrong == []


def test_the_marts_that_reports_read_have_enforced_contracts():
    nodes = manifest()["nodes"]
    read = {d for e in manifest()["exposures"].values() for d in e["depends_on"]["nodes"]}
    assert read
    assert sorted(nodes[d]["name"] for d in read if not nodes[d]["contract"]["enforced"]) == []


def test_incremental_models_follow_the_pattern():
    # docs/incremental.md: fail on schema drift, stamp each row with its derivation time (the
    # watermark of the next build), and delete+insert says what it replaces
    wrong = []
    for m in models():
        config = m["config"]
        if config["materialized"] != "incremental":
            continue
        # an append-only history (the CLV fits) keeps its rows when a column is added
        history = config.get("incremental_strategy") == "append" and m["name"] in HISTORIES
        if config.get("on_schema_change") != ("append_new_columns" if history else "fail"):
            wrong.append(f"{m['name']}: on_schema_change")
        if not {"derived_at", "fitted_at"} & set(m["columns"]):
            wrong.append(f"{m['name']}: derived_at")
        if config.get("incremental_strategy") == "delete+insert" and not config.get("unique_key"):
            wrong.append(f"{m['name']}: unique_key")
    assert wrong == []


def test_sql_source_lines_fit_in_100_characters():
    # sqlfluff's LT05 measures rendered SQL, where one macro call grows to 150+ characters
    long = [f"{p.relative_to(PROJECT_DIR)}:{n}" for folder in ("models", "macros", "tests")
            for p in (PROJECT_DIR / folder).rglob("*.sql")
            for n, line in enumerate(p.read_text().splitlines(), 1) if len(line) > 100]  # fmt: skip
    assert long == []


RUNTIME = ["journey_warehouse", "tools", "models"]


def test_the_runtime_and_the_models_never_import_the_dagster_layer():
    wrong = []
    for path in (p for folder in RUNTIME for p in (PROJECT_DIR / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            wrong += [f"{path.relative_to(PROJECT_DIR)}: {n}" for n in names
                      if n.split(".")[0] in ("orchestration", "dagster", "dagster_dbt")
                      and not n.startswith("dagster._utils.schedules")]  # fmt: skip
    assert wrong == []


def test_every_setting_is_read_by_settings_and_documented_with_its_default():
    used = set()
    for folder in ("journey_warehouse", "orchestration", "tools", "macros"):
        for path in (PROJECT_DIR / folder).rglob("*"):
            if path.suffix in (".py", ".sql"):
                used |= set(re.findall(r"\bJW_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    used |= set(re.findall(r"\bJW_[A-Z_]+\b", (PROJECT_DIR / "profiles.yml").read_text()))
    settings = (PROJECT_DIR / "journey_warehouse" / "settings.py").read_text()
    example = dict(
        line.split("=", 1) for line in (PROJECT_DIR / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )  # fmt: skip
    readme = (PROJECT_DIR / "README.md").read_text()
    assert used
    assert sorted(v for v in used if f'"{v}"' not in settings) == []
    assert sorted(used ^ set(example)) == []
    assert sorted(v for v in used if f"`{v}`" not in readme) == []
    # the README's table gives the same defaults as .env.example
    for row in re.findall(r"^\| (`JW_.+)$", readme, flags=re.MULTILINE):
        names = re.findall(r"`(JW_[A-Z_]+)`", row.split("|")[0])
        defaults = row.rsplit("|", 2)[-2]
        for name in names:
            value = example[name]
            assert (f"`{value}`" in defaults) if value else ("unset" in defaults), name


def test_the_gate_never_repeats_a_dbt_test():
    # such an expectation can never fail on its own: dbt stops the run before the gate
    from journey_warehouse.quality.suites import SUITES

    dbt_tests = {}  # (model, column) -> dbt generic test names; (model, None) -> expressions
    for node in manifest()["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata"):
            model = node["attached_node"].split(".")[-1] if node.get("attached_node") else None
            kwargs = node["test_metadata"]["kwargs"]
            key = (model, node.get("column_name"))
            dbt_tests.setdefault(key, set()).add(node["test_metadata"]["name"])
            if "expression" in kwargs:
                dbt_tests.setdefault((model, None), set()).add(kwargs["expression"])
    same = {
        "ExpectColumnValuesToNotBeNull": {"not_null"},
        "ExpectColumnValuesToBeUnique": {"unique"},
        "ExpectColumnValuesToBeBetween": {"value_between"},
        "ExpectColumnValuesToBeInSet": {"accepted_values"},
        "ExpectColumnDistinctValuesToBeInSet": {"accepted_values"},
    }
    repeated = []
    for table, expectations in SUITES.items():
        for expectation in expectations:
            kind = type(expectation).__name__
            column = getattr(expectation, "column", None)
            if same.get(kind, set()) & dbt_tests.get((table, column), set()):
                repeated.append(f"{table}: {kind}({column})")
            if kind == "ExpectColumnPairValuesAToBeGreaterThanB":
                pair = (expectation.column_A, expectation.column_B)
                if any(all(c in e for c in pair) for e in dbt_tests.get((table, None), set())):
                    repeated.append(f"{table}: {kind}{pair}")
    assert repeated == []


def test_each_enumeration_has_one_source():
    # the lists are dbt vars (macros/enumerations.sql); seeds and accepted_values follow them
    import csv

    import yaml

    project_vars = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    with (PROJECT_DIR / "seeds" / "journey_stages.csv").open() as seed:
        rows = sorted(csv.DictReader(seed), key=lambda row: int(row["stage_order"]))
    assert [row["journey_stage"] for row in rows] == project_vars["journey_stages"]
    enumerated = {"journey_stage": "journey_stages", "attribution_model": "attribution_models"}
    wrong = []
    for node in manifest()["nodes"].values():
        meta = node.get("test_metadata") or {}
        name = enumerated.get(node.get("column_name"))
        accepted = meta.get("name") == "accepted_values" and name
        if accepted and sorted(meta["kwargs"]["values"]) != sorted(project_vars[name]):
            wrong.append(node["attached_node"])
    sources = [p for p in (PROJECT_DIR / "models").rglob("*.sql")
               if re.search(r"'awareness',\s*'consideration'|'first_touch',\s*'last_touch'",
                            p.read_text())]  # fmt: skip
    assert wrong == [] and sources == []
