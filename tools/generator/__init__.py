"""Synthetic landing-data generator (see docs/generator.md)."""

from __future__ import annotations


def generate(*args, **kwargs) -> dict:
    """See :func:`tools.generator.core.generate`."""
    from .core import generate as _generate

    return _generate(*args, **kwargs)


__all__ = ["generate"]
