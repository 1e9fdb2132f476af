"""Vectorised formatting: ids, ISO 8601 timestamps, decimals and string concatenation.

Everything works on whole numpy / pyarrow arrays: ids are built as fixed-width byte matrices,
timestamps with ``numpy.datetime_as_string`` and lines with ``pyarrow.compute`` joins, so no
Python code runs per row.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_DEC = np.frombuffer(b"0123456789", dtype=np.uint8)
# odd multipliers make x -> x * M (mod 2**64) a bijection: ids look random but never collide
_MIX = np.uint64(0x9E3779B97F4A7C15)


def scramble(values: np.ndarray, salt: int = 0) -> np.ndarray:
    """A bijective, seed-salted scramble of non-negative integers (unique in, unique out)."""
    x = values.astype(np.uint64) ^ np.uint64(salt & 0xFFFFFFFFFFFFFFFF)
    with np.errstate(over="ignore"):
        x = x * _MIX
        x ^= x >> np.uint64(29)
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(32)
    return x


def _as_string_array(matrix: np.ndarray) -> pa.Array:
    """An (n, w) uint8 matrix of ASCII bytes as a pyarrow string array of width w."""
    n, width = matrix.shape
    if n == 0:
        return pa.array([], type=pa.string())
    data = pa.py_buffer(np.ascontiguousarray(matrix).tobytes())
    offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * width).tobytes())
    return pa.Array.from_buffers(pa.string(), n, [None, offsets, data])


def hex_ids(prefix: str, values: np.ndarray, width: int = 12, salt: int = 0) -> pa.Array:
    """``prefix`` + ``width`` lower-case hex digits of the scrambled value (unique per value)."""
    x = scramble(np.asarray(values), salt)
    shifts = np.arange(width - 1, -1, -1, dtype=np.uint64) * np.uint64(4)
    digits = ((x[:, None] >> shifts[None, :]) & np.uint64(0xF)).astype(np.intp)
    body = _HEX[digits]
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    return _as_string_array(np.hstack([np.broadcast_to(head, (len(x), len(head))), body]))


def dec_digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits of non-negative integers as an (n, width) byte matrix."""
    v = np.asarray(values, dtype=np.int64)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return _DEC[(v[:, None] // powers[None, :]) % 10]


def timestamps(seconds: np.ndarray, offset_hours: np.ndarray | None = None) -> pa.Array:
    """ISO 8601 strings with UTC offset, e.g. ``2025-03-01T10:15:00+01:00``.

    ``seconds`` are UTC epoch seconds; rows with an offset are rendered in that local time.
    """
    secs = np.asarray(seconds, dtype=np.int64)
    off = np.zeros(len(secs), np.int64) if offset_hours is None else offset_hours.astype(np.int64)
    local = (secs + off * 3600).astype("datetime64[s]")
    text = np.datetime_as_string(local, unit="s").astype("S19")
    body = np.frombuffer(text.tobytes(), dtype=np.uint8).reshape(len(secs), 19)
    suffix = np.empty((len(secs), 6), dtype=np.uint8)
    suffix[:, 0] = ord("+")
    suffix[:, 1:3] = dec_digits(off, 2)
    suffix[:, 3] = ord(":")
    suffix[:, 4:6] = ord("0")
    return _as_string_array(np.hstack([body, suffix]))


def money(cents: np.ndarray) -> pa.Array:
    """Non-negative integer cents as plain decimals with two places: ``1234`` -> ``12.34``."""
    c = np.asarray(cents, dtype=np.int64)
    whole = pa.array(c // 100).cast(pa.string())
    frac = _as_string_array(dec_digits(c % 100, 2))
    return pc.binary_join_element_wise(whole, frac, ".")


def ints(values: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64)).cast(pa.string())


def pick(vocab: list[str] | tuple[str, ...], codes: np.ndarray) -> pa.Array:
    """Strings of ``vocab`` by integer code; negative codes become null."""
    codes = np.asarray(codes)
    idx = pa.array(codes.astype(np.int32), mask=codes < 0)
    return pa.array(list(vocab), type=pa.string()).take(idx)


def with_nulls(values: pa.Array, keep: np.ndarray) -> pa.Array:
    """``values`` where ``keep`` else null."""
    return pc.if_else(
        pa.array(np.asarray(keep, dtype=bool)), values, pa.nulls(len(values), pa.string())
    )


def concat(*parts) -> pa.Array:
    """Element-wise concatenation of string arrays / Python strings (null stays null)."""
    return pc.binary_join_element_wise(*parts, "")


def scatter(n: int, pieces: list[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """Assemble a length-``n`` string array from (row positions, values) pieces; gaps are null."""
    positions = [p for p, _ in pieces if len(p)]
    if not positions:
        return pa.nulls(n, pa.string())
    pos = np.concatenate(positions)
    vals = pa.concat_arrays([v.cast(pa.string()) for p, v in pieces if len(p)])
    inverse = np.full(n, -1, dtype=np.int64)
    inverse[pos] = np.arange(len(pos))
    return vals.take(pa.array(inverse, mask=inverse < 0))
