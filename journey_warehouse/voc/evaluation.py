"""Theme micro-F1 and sentiment accuracy of the classifier on labelled comments."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from .classifier import classify
from .lexicon import Lexicon


def _scores(pairs: list[tuple[Mapping, object]]) -> dict:
    tp = fp = fn = correct = 0
    per_theme: dict[str, list[int]] = {}
    for row, result in pairs:
        gold = {t for t in row["themes"].split(";") if t}
        found = set(result.themes)
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
        correct += result.sentiment == row["sentiment"]
        for theme in gold | found:
            counts = per_theme.setdefault(theme, [0, 0, 0])
            counts[0] += theme in gold and theme in found
            counts[1] += theme in found and theme not in gold
            counts[2] += theme in gold and theme not in found

    def f1(t, p, n):
        return round(2 * t / (2 * t + p + n), 4) if t + p + n else None

    return {
        "comments": len(pairs),
        "theme_micro_f1": f1(tp, fp, fn),
        "theme_precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "theme_recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "sentiment_accuracy": round(correct / len(pairs), 4) if pairs else None,
        "theme_f1": {theme: f1(*c) for theme, c in sorted(per_theme.items())},
    }


def evaluate(lexicon: Lexicon, rows: Iterable[Mapping]) -> dict:
    """``rows``: comment_id, language, comment, themes (semicolon-separated), sentiment and
    optionally split. Figures overall, per language, and per split (overall and per language)."""
    pairs = [(row, classify(lexicon, row["comment"], row["language"])) for row in rows]

    def block(subset):
        languages = sorted({row["language"] for row, _ in subset})
        return {
            "overall": _scores(subset),
            "by_language": {
                lang: _scores([p for p in subset if p[0]["language"] == lang]) for lang in languages
            },
        }

    splits = sorted({row.get("split") or "all" for row, _ in pairs})
    return {
        **block(pairs),
        "by_split": {
            split: block([p for p in pairs if (p[0].get("split") or "all") == split])
            for split in splits
        },
        "misclassified": [
            {
                "comment_id": row["comment_id"],
                "split": row.get("split"),
                "comment": row["comment"],
                "themes": row["themes"],
                "found_themes": result.theme_codes,
                "sentiment": row["sentiment"],
                "found_sentiment": result.sentiment,
            }
            for row, result in pairs
            if result.theme_codes != ";".join(sorted(t for t in row["themes"].split(";") if t))
            or result.sentiment != row["sentiment"]
        ],
    }


def read_labelled(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
