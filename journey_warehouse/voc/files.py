"""`journey-warehouse classify-feedback`: classify a CSV of comments with the seed files."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from .classifier import classify
from .lexicon import Lexicon

REQUIRED = ("comment_id", "language", "comment")
ADDED = ("themes", "sentiment", "sentiment_score")
EXPLAINED = ("primary_theme", "matched_terms")


class FeedbackFileError(ValueError):
    """An input file the command cannot read (named in the message)."""


def classify_csv(source: Path, target: Path, seed_dir: Path, *, explain: bool = False) -> dict:
    """Write ``source`` (comment_id, language, comment, any other columns) to ``target`` with
    themes (semicolon-separated codes, empty when none), sentiment (positive, neutral,
    negative) and sentiment_score added, and with ``explain`` the primary theme and the seed
    terms that tagged each theme. Returns counts per sentiment and theme."""
    lexicon = Lexicon.from_seed_dir(seed_dir)
    try:
        with Path(source).open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            columns = list(reader.fieldnames or [])
            rows = list(reader)
    except UnicodeDecodeError as error:
        raise FeedbackFileError(f"{source}: not UTF-8 ({error.reason})") from error
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise FeedbackFileError(f"{source}: missing column(s) {', '.join(missing)}")
    added = [c for c in (*ADDED, *(EXPLAINED if explain else ())) if c not in columns]
    sentiments: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    cache: dict[tuple[str, str], object] = {}
    for row in rows:
        key = (row["language"].strip().lower(), row["comment"] or "")
        if key not in cache:
            cache[key] = classify(lexicon, key[1], key[0])
        result = cache[key]
        row["themes"] = result.theme_codes
        row["sentiment"] = result.sentiment
        row["sentiment_score"] = f"{result.sentiment_score:.6f}"
        if explain:
            row["primary_theme"] = result.primary_theme or ""
            row["matched_terms"] = "; ".join(
                f"{theme}: {', '.join(terms)}" for theme, terms in result.themes.items()
            )
        sentiments[result.sentiment] += 1
        themes.update(list(result.themes))
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns + added, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return {
        "comments": len(rows),
        "sentiment": dict(sorted(sentiments.items())),
        "themes": dict(sorted(themes.items())),
        "output": str(target),
    }
