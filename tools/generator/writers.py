"""Serialise string columns as CSV (RFC 4180), JSON Lines or Parquet, byte-for-byte reproducibly.

Lines are assembled with vectorised pyarrow string kernels; the concatenated line buffer of the
resulting string array is written to disk as is.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import fmt

SLICE = 200_000  # rows serialised at a time (bounds memory for big files)
JSON_COLUMNS = {"attributes"}  # written as nested JSON, not as a string


def _csv_cell(col: pa.Array) -> pa.Array:
    """RFC 4180: quote a value containing a comma, quote or line break; nulls are empty."""
    col = col.cast(pa.string())
    needs = pc.match_substring_regex(col, r'[,"\r\n]')
    quoted = fmt.concat('"', pc.replace_substring(col, '"', '""'), '"')
    return pc.if_else(needs, quoted, col).fill_null("")


def _json_value(name: str, col: pa.Array) -> pa.Array:
    """``"name":value`` or null (key omitted) for a null value."""
    col = col.cast(pa.string())
    if name in JSON_COLUMNS:
        return fmt.concat(f'"{name}":', col)
    escaped = pc.replace_substring(pc.replace_substring(col, "\\", "\\\\"), '"', '\\"')
    return fmt.concat(f'"{name}":"', escaped, '"')


def csv_lines(cols: dict[str, pa.Array]) -> pa.Array:
    cells = [_csv_cell(c) for c in cols.values()]
    return pc.binary_join_element_wise(*cells, ",")


def jsonl_lines(cols: dict[str, pa.Array]) -> pa.Array:
    pieces = [_json_value(k, v) for k, v in cols.items()]
    body = pc.binary_join_element_wise(*pieces, ",", null_handling="skip")
    return fmt.concat("{", body, "}")


def _malformed(lines: pa.Array, cols: dict[str, pa.Array], rows: np.ndarray, fmt_: str):
    """Broken records: a JSON line cut off mid-object, a CSV row with too few / many fields."""
    if not len(rows):
        return lines
    n = len(lines)
    if fmt_ == "jsonl":
        broken = pc.utf8_slice_codeunits(lines.take(pa.array(rows)), 0, 45)
    else:
        first = _csv_cell(cols[next(iter(cols))].take(pa.array(rows)))
        short = fmt.concat(first, ",")  # two fields only
        long = fmt.concat(csv_lines({k: v.take(pa.array(rows)) for k, v in cols.items()}), ",oops")
        broken = pc.if_else(pa.array(rows % 2 == 0), short, long)
    idx = np.arange(n, dtype=np.int64)
    idx[rows] = n + np.arange(len(rows))
    return pa.concat_arrays([lines, broken]).take(pa.array(idx))


def row_order(n: int, dup_rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row positions with each duplicated row repeated a little later in the same file."""
    if not len(dup_rows):
        return np.arange(n)
    key = np.concatenate(
        [np.arange(n) * 2, np.minimum(dup_rows + rng.integers(0, 50, len(dup_rows)), n - 1) * 2 + 1]
    )
    src = np.concatenate([np.arange(n), dup_rows])
    return src[np.argsort(key, kind="stable")]


def _write_lines(handle, lines: pa.Array) -> None:
    lines = fmt.concat(lines, "\n")
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[
        lines.offset : lines.offset + len(lines) + 1
    ]
    data = lines.buffers()[2]
    handle.write(memoryview(data)[offsets[0] : offsets[-1]])


class Sink:
    """One output file, written in slices: CSV (with header), JSONL or Parquet (row groups)."""

    def __init__(self, path: Path, file_format: str):
        self.path = path
        self.format = file_format
        self.rows = 0
        self._handle = None
        self._parquet: pq.ParquetWriter | None = None

    def write(self, cols: dict[str, pa.Array], malformed: np.ndarray, order: np.ndarray) -> None:
        """Write the rows ``order`` (positions into ``cols``, duplicates repeated)."""
        if self.format == "parquet":
            table = pa.table(
                {k: v.cast(pa.string()).take(pa.array(order)) for k, v in cols.items()}
            )
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema, compression="zstd")
            self._parquet.write_table(table, row_group_size=len(order) or 1)
        else:
            if self._handle is None:
                self._handle = self.path.open("wb")
                if self.format == "csv":
                    self._handle.write((",".join(cols) + "\n").encode())
            bad = np.zeros(len(next(iter(cols.values()))), dtype=bool)
            bad[malformed] = True
            part = {k: v.take(pa.array(order)) for k, v in cols.items()}
            lines = csv_lines(part) if self.format == "csv" else jsonl_lines(part)
            lines = _malformed(lines, part, np.flatnonzero(bad[order]), self.format)
            _write_lines(self._handle, lines)
        self.rows += len(order)

    def close(self) -> int:
        if self._parquet is not None:
            self._parquet.close()
        if self._handle is not None:
            self._handle.close()
        return self.rows
