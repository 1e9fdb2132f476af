"""SQL built from the landing contract: raw table DDL, casts and the validation rules.

Every rule is one vectorised SQL expression over a staging table whose columns are all VARCHAR
(``v_<column>``), so a file of any size is validated in a single pass inside DuckDB.
"""

from __future__ import annotations

from .contract import CONTRACT_VERSION, Column, Dataset

SQL_TYPES = {
    "string": "varchar",
    "sha256": "varchar",
    "timestamp": "timestamptz",
    "date": "date",
    "decimal": "decimal(18, 2)",
    "rate": "decimal(18, 6)",
    "integer": "bigint",
    "boolean": "boolean",
    "json": "json",
}

LINEAGE_COLUMNS = """
    _file_name varchar not null,
    _file_hash varchar not null,
    _line_number bigint not null,
    _loaded_at timestamptz not null
"""

LEDGER_DDL = f"""
create table if not exists raw.load_ledger (
    file_hash varchar primary key,
    file_name varchar not null,
    dataset varchar not null,
    file_bytes bigint not null,
    status varchar not null,          -- loaded | empty | rejected
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    source_encoding varchar,
    unknown_columns varchar[],
    missing_optional_columns varchar[],
    error varchar,
    contract_version integer not null default {CONTRACT_VERSION},
    duration_ms bigint,
    loaded_at timestamptz not null,
    load_batch_id varchar             -- one id per loader call: the files of one delivery run
)
"""


def q(identifier: str) -> str:
    """Quote an identifier (column names come from files, so never trust them)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def raw_table_ddl(dataset: Dataset) -> str:
    cols = ",\n".join(f"    {c.name} {SQL_TYPES[c.kind]}" for c in dataset.columns)
    return f"create table if not exists raw.{dataset.name} (\n{cols},\n{LINEAGE_COLUMNS})"


def quarantine_table_ddl(dataset: Dataset) -> str:
    return f"""
create table if not exists raw.quarantine_{dataset.name} (
    reason_code varchar not null,
    reason_column varchar,
    _file_name varchar not null,
    _file_hash varchar not null,
    _line_number bigint,
    raw_text varchar,
    _quarantined_at timestamptz not null
)"""


def typed(column: Column) -> str:
    """The typed value of a staged VARCHAR column (NULL where it does not parse)."""
    v = f"v_{column.name}"
    if column.kind == "json":
        return f"case when json_valid({v}) then {v}::json end"
    if column.kind == "boolean":
        return f"try_cast(lower({v}) as boolean)"
    return f"try_cast({v} as {SQL_TYPES[column.kind]})"


def _wrong_type(column: Column) -> str | None:
    v = f"v_{column.name}"
    if column.kind == "string":
        return None
    if column.kind == "sha256":
        return f"{v} is not null and not regexp_full_match({v}, '[0-9a-f]{{64}}')"
    return f"{v} is not null and {typed(column)} is null"


def rules(dataset: Dataset, max_line_bytes: int) -> list[tuple[str, str, str]]:
    """Ordered (reason_code, reason_column, condition) triples; the first that holds wins.

    Duplicate keys are decided afterwards, among the rows that pass every rule here, so that a
    broken first copy never causes a good second copy to be quarantined.
    """
    out: list[tuple[str, str, str]] = [
        ("malformed_record", "", "is_malformed"),
        ("line_too_long", "", f"strlen(raw_text) > {max_line_bytes}"),
    ]
    for c in dataset.columns:
        if c.required:
            out.append(("missing_required_field", c.name, f"nullif(trim(v_{c.name}), '') is null"))
    for c in dataset.columns:
        if (cond := _wrong_type(c)) is not None:
            out.append(("wrong_type", c.name, cond))
    for c in dataset.columns:
        if c.allowed:
            values = ", ".join(literal(a) for a in c.allowed)
            out.append(
                ("unknown_code", c.name, f"v_{c.name} is not null and v_{c.name} not in ({values})")
            )
        if c.minimum is not None:
            out.append(("out_of_range", c.name, f"{typed(c)} < {c.minimum}"))
    if dataset.range_by:
        by, col, ranges = dataset.range_by
        checks = " or ".join(
            f"(v_{by} = {literal(k)} and {typed(dataset.column(col))} not between {lo} and {hi})"
            for k, (lo, hi) in ranges.items()
        )
        out.append(("out_of_range", col, f"({checks})"))
    if dataset.not_in_future:
        col = dataset.not_in_future
        out.append(
            ("future_timestamp", col, f"{typed(dataset.column(col))} > $as_of + interval 1 day")
        )
    return out


def reason_case(dataset: Dataset, max_line_bytes: int) -> tuple[str, str]:
    """Two CASE expressions: the reason code and the offending column."""
    triples = rules(dataset, max_line_bytes)
    code = "\n".join(f"        when {cond} then {literal(r)}" for r, _, cond in triples)
    column = "\n".join(
        f"        when {cond} then {literal(c) if c else 'null'}" for _, c, cond in triples
    )
    return f"case\n{code}\n    end", f"case\n{column}\n    end"
