"""SQL built from the landing contract: raw table DDL, casts and the validation rules.

Every rule is one vectorised SQL expression over a staging table whose columns are all VARCHAR
(``v_<column>``), so a file of any size is validated in a single pass inside DuckDB.
"""

from __future__ import annotations

from datetime import date

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
    reason_code varchar,              -- why a file was rejected (README: the landing contract)
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_quarantined bigint not null,
    rows_already_loaded bigint,       -- of rows_quarantined: loaded before, or superseded
    extracted_at timestamptz,         -- snapshots: the extract time the file is applied at
    rows_deleted bigint,              -- snapshots: keys of older extracts this one lacks
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
# columns added after the first release: an existing ledger gets them on the next load
LEDGER_ADDED_COLUMNS = {
    "load_batch_id": "varchar",
    "reason_code": "varchar",
    "rows_already_loaded": "bigint",
    "extracted_at": "timestamptz",
    "rows_deleted": "bigint",
}

# ISO 8601 date and time with a UTC offset (Z, +hh, +hhmm or +hh:mm); DuckDB's own text form
# of a timestamptz ("2025-03-01 09:00:00+00", from Parquet) has a space instead of the T
_DATE_TIME = r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
TIMESTAMP_WITH_OFFSET = _DATE_TIME + r"([Zz]|[+-]\d{2}(:?\d{2})?)"
# the offsets in use on Earth, -12:00 to +14:00, minutes 00-59
TIMESTAMP_WITH_REAL_OFFSET = _DATE_TIME + (
    r"([Zz]|\+(0\d|1[0-3])(:?[0-5]\d)?|\+14(:?00)?|-(0\d|1[01])(:?[0-5]\d)?|-12(:?00)?)"
)
INTEGER = r"[+-]?\d+"
DATE = r"\d{4}-\d{2}-\d{2}"
BOM = "chr(65279)"


def q(identifier: str) -> str:
    """Quote an identifier (column names come from files, so never trust them)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# a snapshot row: the extract time of the file it came from, and that of the first newer
# extract that no longer had its key (NULL while the key is in the newest extract)
SNAPSHOT_COLUMNS = {"_extracted_at": "timestamptz", "_deleted_at": "timestamptz"}


def raw_table_ddl(dataset: Dataset) -> str:
    cols = ",\n".join(f"    {c.name} {SQL_TYPES[c.kind]}" for c in dataset.columns)
    if dataset.mode == "snapshot":
        cols += "".join(f",\n    {name} {sql_type}" for name, sql_type in SNAPSHOT_COLUMNS.items())
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
    _quarantined_at timestamptz not null,
    _replayed_into varchar  -- the replay file that took the row again (journey-warehouse replay)
)"""


def typed(column: Column) -> str:
    """The typed value of a staged VARCHAR column (NULL where it does not parse). The loader
    computes it once per row as ``t_<column>``, which the rules below read."""
    v = f"v_{column.name}"
    if column.kind == "json":
        return f"case when json_valid({v}) then {v}::json end"
    if column.kind == "boolean":
        return f"try_cast(lower({v}) as boolean)"
    if column.kind == "integer":  # never rounded: "1.5" or "1e2" is not an integer
        return f"case when regexp_full_match(trim({v}), '{INTEGER}') then try_cast(trim({v}) as bigint) end"
    if column.kind == "date":
        return (
            f"case when regexp_full_match(trim({v}), '{DATE}') then try_cast(trim({v}) as date) end"
        )
    return f"try_cast({v} as {SQL_TYPES[column.kind]})"


def _wrong_type(column: Column) -> str | None:
    v = f"v_{column.name}"
    if column.kind == "string":
        return None
    if column.kind == "sha256":
        return f"{v} is not null and not regexp_full_match({v}, '[0-9a-f]{{64}}')"
    return f"{v} is not null and t_{column.name} is null"


def _offset_rules(column: Column) -> list[tuple[str, str, str]]:
    """A timestamp needs an explicit UTC offset, and one that exists."""
    v, name = f"trim(v_{column.name})", literal(column.name)
    with_offset = f"regexp_full_match({v}, '{TIMESTAMP_WITH_OFFSET}')"
    real_offset = f"regexp_full_match({v}, '{TIMESTAMP_WITH_REAL_OFFSET}')"
    return [
        ("missing_utc_offset", name, f"t_{column.name} is not null and not {with_offset}"),
        ("invalid_utc_offset", name, f"not {real_offset}"),
    ]


def _window_rule(column: Column, window: tuple[date, date]) -> tuple[str, str, str]:
    earliest, latest = window
    if column.kind == "date":
        low, high = f"date '{earliest}'", f"date '{latest}'"
        outside = f"t_{column.name} < {low} or t_{column.name} > {high}"
    else:
        low, high = f"timestamptz '{earliest} 00:00:00+00'", f"timestamptz '{latest} 00:00:00+00'"
        outside = f"t_{column.name} < {low} or t_{column.name} >= {high} + interval 1 day"
    return ("implausible_date", literal(column.name), f"({outside})")


def rules(
    dataset: Dataset, max_line_bytes: int, window: tuple[date, date] | None = None
) -> list[tuple[str, str, str]]:
    """Ordered (reason_code, reason_column SQL, condition) triples; the first that holds wins.

    The staging table has ``raw_text``, ``is_malformed``, ``has_bom`` (a byte order mark at the
    start of a line after the first: files concatenated), ``duplicate_json_key`` (the first
    key a JSON object repeats) and one VARCHAR ``v_<column>`` per contract column.
    Duplicate keys are decided afterwards, among the rows that pass every rule here, so that a
    broken first copy never causes a good second copy to be quarantined.
    """
    out: list[tuple[str, str, str]] = [
        ("mid_file_bom", "null", "has_bom"),
        ("malformed_record", "null", "is_malformed"),
        ("line_too_long", "null", f"strlen(raw_text) > {max_line_bytes}"),
        ("duplicate_json_key", "duplicate_json_key", "duplicate_json_key is not null"),
    ]
    for c in dataset.columns:
        if c.required:
            out.append(
                ("missing_required_field", literal(c.name), f"nullif(trim(v_{c.name}), '') is null")
            )
    for c in dataset.columns:
        if (cond := _wrong_type(c)) is not None:
            out.append(("wrong_type", literal(c.name), cond))
    for c in dataset.columns:
        if c.kind == "timestamp":
            out.extend(_offset_rules(c))
    for c in dataset.columns:
        if c.allowed:
            values = ", ".join(literal(a) for a in c.allowed)
            out.append(
                (
                    "unknown_code",
                    literal(c.name),
                    f"v_{c.name} is not null and v_{c.name} not in ({values})",
                )
            )
        if c.minimum is not None:
            out.append(("out_of_range", literal(c.name), f"t_{c.name} < {c.minimum}"))
    if dataset.range_by:
        by, col, ranges = dataset.range_by
        checks = " or ".join(
            f"(v_{by} = {literal(k)} and t_{col} not between {lo} and {hi})"
            for k, (lo, hi) in ranges.items()
        )
        out.append(("out_of_range", literal(col), f"({checks})"))
    if dataset.not_in_future:
        col = dataset.not_in_future
        out.append(
            (
                "future_timestamp",
                literal(col),
                f"t_{col} > $as_of + interval 1 day",
            )
        )
    if window is not None:
        out.extend(
            _window_rule(c, window) for c in dataset.columns if c.kind in ("timestamp", "date")
        )
    return out


def reason_case(
    dataset: Dataset, max_line_bytes: int, window: tuple[date, date] | None = None
) -> tuple[str, str, str]:
    """The number of the first rule a row breaks (one CASE, so each condition is evaluated once
    per row), and the reason code and offending column as expressions over that ``rule_no``."""
    triples = rules(dataset, max_line_bytes, window)
    rule_no = "\n".join(
        f"        when {cond} then {i}" for i, (_, _, cond) in enumerate(triples, 1)
    )
    codes = ", ".join(literal(r) for r, _, _ in triples)
    constant = [c if c == "null" or c.startswith("'") else "null" for _, c, _ in triples]
    computed = "".join(
        f" when rule_no = {i} then {c}"
        for i, (_, c, _) in enumerate(triples, 1)
        if c != "null" and not c.startswith("'")
    )
    column = f"case{computed} else [{', '.join(constant)}][rule_no] end"
    return f"case\n{rule_no}\n    end", f"[{codes}][rule_no]", column
