"""Typed results for dbt Python models: the same column types whether a frame is full or empty,
so that enforced contracts and downstream SQL never see pandas' guesses."""

from __future__ import annotations

import pandas as pd

PANDAS_TYPES = {
    "varchar": "string",
    "double": "float64",
    "bigint": "Int64",
    "boolean": "boolean",
    "date": "datetime64[us]",
    "timestamp": "datetime64[us]",
}


def typed_relation(session, frame: pd.DataFrame, schema: dict[str, str]):
    """Return ``frame`` as a DuckDB relation with exactly the columns and SQL types of ``schema``."""
    frame = frame.reindex(columns=list(schema))
    frame = frame.astype({c: PANDAS_TYPES[t.split("(")[0]] for c, t in schema.items()
                          if t.split("(")[0] in PANDAS_TYPES})  # fmt: skip
    columns = ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in schema.items())
    return session.from_df(frame).project(columns)
