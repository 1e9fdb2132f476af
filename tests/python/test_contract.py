"""The landing contract, the taxonomy seeds and the committed GX context agree with each other."""

from __future__ import annotations

import csv
import json

import pytest

from journey_warehouse.landing.contract import B2B_STAGES, CHANNELS, DATASETS, EVENT_TYPES
from journey_warehouse.quality.suites import SUITES, build_context

from .conftest import PROJECT_DIR


def seed_values(name: str, column: str) -> set[str]:
    with (PROJECT_DIR / "seeds" / f"{name}.csv").open(encoding="utf-8") as handle:
        return {row[column] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("values", "seed", "column"),
    [
        (CHANNELS, "channels", "channel"),
        (EVENT_TYPES, "event_types", "event_type"),
        (B2B_STAGES, "b2b_stages", "b2b_stage"),
    ],
)
def test_contract_enums_equal_the_taxonomy_seeds(values, seed, column):
    assert set(values) == seed_values(seed, column)


def test_every_dataset_has_a_key_among_its_required_columns():
    for dataset in DATASETS.values():
        assert set(dataset.key) <= set(dataset.required), dataset.name


def test_every_quarantine_is_a_source_and_every_dataset_has_its_labels():
    """Each raw.quarantine_<dataset> the loader writes is a dbt source that
    stg_landing__quarantined_rows reads, and the data-quality page has a label for the dataset;
    so the quarantine marts count every dataset (their sums_match test against the ledger
    would miss a dataset that never quarantined a row)."""
    import yaml

    declared = set()
    for path in (PROJECT_DIR / "models" / "staging").rglob("_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                identifier = table.get("identifier", table["name"])
                if identifier.startswith("quarantine_"):
                    declared.add(identifier)
    assert declared == {f"quarantine_{name}" for name in DATASETS}
    staging = PROJECT_DIR / "models" / "staging" / "landing" / "stg_landing__quarantined_rows.sql"
    read = staging.read_text()
    assert [name for name in DATASETS if f"'{name}')," not in read] == []
    with (PROJECT_DIR / "seeds" / "report_labels.csv").open(encoding="utf-8") as handle:
        labelled = {row["code"] for row in csv.DictReader(handle) if row["label_kind"] == "dataset"}
    assert labelled == set(DATASETS)


def _suites(root) -> dict[str, list[dict]]:
    suites = {}
    for path in sorted((root / "expectations").glob("*.json")):
        data = json.loads(path.read_text())
        suites[data["name"]] = sorted(
            (e["type"], json.dumps(e["kwargs"], sort_keys=True)) for e in data["expectations"]
        )
    return suites


def test_the_committed_gx_context_matches_the_suites_in_code(tmp_path):
    """`make gx-context` writes expectations/ from suites.py; the two must not drift apart."""
    build_context(str(tmp_path / "context"))
    committed = _suites(PROJECT_DIR / "expectations")
    assert committed == _suites(tmp_path / "context")
    assert set(committed) == set(SUITES)
    for table in SUITES:
        assert (PROJECT_DIR / "expectations" / "checkpoints" / f"gate_{table}.json").exists()


def test_every_report_page_is_a_dbt_exposure_over_contracted_marts():
    import yaml

    exposures = yaml.safe_load((PROJECT_DIR / "models" / "_exposures.yml").read_text())
    urls = {e["url"].removeprefix("http://localhost:4173").strip("/") for e in
            exposures["exposures"]}  # fmt: skip
    # a page, or a folder of pages (an index and a template: one page per account, ...)
    root = PROJECT_DIR / "reports" / "pages"
    pages = {p.stem if p.stem != "index" else "" for p in root.glob("*.md")}
    pages |= {p.name for p in root.iterdir() if p.is_dir()}
    assert pages == urls
    sources = {p.stem for p in (PROJECT_DIR / "reports" / "sources" / "warehouse").glob("*.sql")}
    contracted = set()
    for path in (PROJECT_DIR / "models").rglob("_*__models.yml"):
        for model in yaml.safe_load(path.read_text()).get("models", []):
            if model.get("config", {}).get("contract", {}).get("enforced"):
                contracted.add(model["name"])
    # the gate's own history table is written by the pipeline, not by dbt
    assert sources - {"dq_gate_results"} <= contracted
