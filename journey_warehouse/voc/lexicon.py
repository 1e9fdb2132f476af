"""The four lexicon seeds as one object, and how a lexicon term is found in a comment.

A term is one or more words (see `text.term_words`):

- a plain word matches itself and its regular endings (``lieferung`` also matches
  ``lieferungen``, ``crash`` matches ``crashes``, ``crashed``, ``crashing``), and, when the word
  or such a form has at least 6 letters, one typo (a letter missing, added, changed or two
  swapped: ``liefrung``, ``recomend``, ``retrun``);
- ``word*`` matches every word that starts with it (``verspät*``: verspätet, Verspätung);
- ``*word`` every word that ends with it (German compounds: ``*lieferung``: Paketlieferung);
- in German, a word no term knows matches by its last part, of at least `COMPOUND_MIN_HEAD`
  letters after at least `COMPOUND_MIN_FIRST` (the head of a compound decides what it is:
  ``Lieferverzögerung`` matches ``verzögerung``, ``Verbindungsprobleme`` ``problem*``), except
  after a first part that turns it around (`COMPOUND_NOT_FIRST`: ``Missverständnis``); a term
  written for the compound itself wins;
- ``...`` between two words allows up to `MAX_GAP` other words of the same clause in between
  (German separable verbs: ``stürzt ... ab`` matches "stürzt beim Bezahlen ständig ab").

Where terms overlap, the longest wins (``nicht angekommen`` before ``nicht``), so idioms that
contain a negation are written as terms of their own.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import Tokens, term_words

MAX_GAP = 6
# typos: one edit to a lexicon word of at least 5 letters (a form with an ending of at least 6),
# a changed letter only in words of at least 8; never for a word another lexicon term knows
FUZZY_MIN_BASE = 5
FUZZY_MIN_LENGTH = 6
FUZZY_MIN_SUBSTITUTION = 8
# German compounds (theme and sentiment terms, not modifiers): the head and the part before it
COMPOUND_LANGUAGES = ("de",)
COMPOUND_MIN_HEAD = 5
COMPOUND_MIN_FIRST = 3
COMPOUND_NOT_FIRST = ("miss", "nicht", "anti", "schein", "pseudo", "fehl", "un")
ENDINGS = {
    "de": ("e", "en", "em", "er", "es", "n", "s", "t", "et", "te", "ten", "st", "est",
           "ere", "eren", "erem", "erer", "eres", "ste", "sten", "ster", "stes"),
    "en": ("s", "es", "d", "ed", "ing", "er", "ers", "est"),
}  # fmt: skip
THEME_CUES = ("mention", "signal", "if_negative", "if_positive", "if_evaluated")
THEME_GROUPS = ("problem", "praise", "topic")
MODIFIERS = ("negator", "intensifier", "dampener", "contrast", "concessive")
SEEDS = {
    "themes": "feedback_themes.csv",
    "theme_terms": "feedback_theme_lexicon.csv",
    "sentiment": "sentiment_lexicon.csv",
    "modifiers": "sentiment_modifiers.csv",
}


class LexiconError(ValueError):
    """A seed row the classifier cannot use (named in the message)."""


@dataclass(frozen=True)
class Term:
    term: str  # as written in the seed
    words: tuple[str, ...]
    value: str  # theme, or modifier kind; "" for sentiment terms
    cue: str = ""  # theme terms: one of THEME_CUES
    weight: float = 0.0  # sentiment polarity, or modifier weight


@dataclass(frozen=True)
class Match:
    term: Term
    positions: tuple[int, ...]

    @property
    def start(self) -> int:
        return self.positions[0]

    @property
    def end(self) -> int:
        return self.positions[-1]


def _osa_distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, swap of neighbours or (in
    words of FUZZY_MIN_SUBSTITUTION letters) substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return la >= FUZZY_MIN_SUBSTITUTION  # substitution
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Matcher:
    """Finds the terms of one lexicon and language in a comment's tokens."""

    def __init__(self, terms: Iterable[Term], language: str, *, compounds: bool = False):
        self.terms = list(terms)
        self.compounds = compounds and language in COMPOUND_LANGUAGES
        self.siblings: list[Matcher] = []  # the other lexicons of the language: known words
        self.endings = ENDINGS.get(language, ())
        self.exact: dict[str, set[int]] = {}
        self.prefix: dict[str, set[int]] = {}
        self.suffix: dict[str, set[int]] = {}
        self.fuzzy: dict[str, set[tuple[str, int]]] = {}
        self.patterns: dict[str, int] = {}
        self.by_first: dict[int, list[int]] = {}
        self.compiled: list[tuple[int | None, ...]] = []  # pattern ids, None = gap
        # exact words before prefixes and suffixes, longer before shorter ("problemlos"
        # before "problem*" when both match the same word)
        self.specificity = [
            sum(len(w.strip("*")) + (0 if "*" in w else 100) for w in t.words if w != "...")
            for t in self.terms
        ]
        for index, term in enumerate(self.terms):
            ids = tuple(None if w == "..." else self._pattern(w) for w in term.words)
            self.compiled.append(ids)
            self.by_first.setdefault(ids[0], []).append(index)
        self.resolve = lru_cache(maxsize=65536)(self._resolve)

    def _pattern(self, word: str) -> int:
        if word in self.patterns:
            return self.patterns[word]
        pid = self.patterns[word] = len(self.patterns)
        if word.endswith("*") and len(word) > 1:
            self.prefix.setdefault(word[:-1], set()).add(pid)
        elif word.startswith("*") and len(word) > 1:
            self.suffix.setdefault(word[1:], set()).add(pid)
        else:
            self.exact.setdefault(word, set()).add(pid)
            for form in {word, *(word + e for e in self.endings)}:
                if len(word) >= FUZZY_MIN_BASE and len(form) >= FUZZY_MIN_LENGTH:
                    for key in {form, *_deletes(form)}:
                        self.fuzzy.setdefault(key, set()).add((form, pid))
        return pid

    def _resolve(self, token: str) -> frozenset[int]:
        """Ids of the word patterns that this token matches."""
        found = self._resolve_exactly(token)
        known = found or any(m._resolve_exactly(token) for m in self.siblings)
        if not known and self.compounds:
            found = self._resolve_head(token)
            known = found or any(m.compounds and m._resolve_head(token) for m in self.siblings)
        if not known and len(token) >= FUZZY_MIN_LENGTH - 1:
            found = set()
            for key in {token, *_deletes(token)}:
                for form, pid in self.fuzzy.get(key, ()):
                    if _osa_distance_at_most_one(token, form):
                        found.add(pid)
        return frozenset(found)

    def _resolve_head(self, token: str) -> set[int]:
        """The patterns the longest head of a German compound matches (empty: none)."""
        for k in range(COMPOUND_MIN_FIRST, len(token) - COMPOUND_MIN_HEAD + 1):
            if token[:k].startswith(COMPOUND_NOT_FIRST) and k <= len("nicht"):
                continue
            found = self._resolve_exactly(token[k:])
            if found:
                return found
        return set()

    def _resolve_exactly(self, token: str) -> set[int]:
        found: set[int] = set()
        stems = [token] + [token[: -len(e)] for e in self.endings
                           if token.endswith(e) and len(token) - len(e) >= 2]  # fmt: skip
        if token.endswith(("ies", "ied")):
            stems.append(token[:-3] + "y")
        for stem in stems:
            found |= self.exact.get(stem, set())
        for k in range(2, len(token) + 1):
            found |= self.prefix.get(token[:k], set())
        for k in range(len(token) - 1):
            found |= self.suffix.get(token[k:], set())
        return found

    def _extend(self, ids, k, pos, tokens: Tokens, blocked) -> tuple[int, ...] | None:
        """Positions of words k.. of a term whose word k-1 matched at pos, or None."""
        if k == len(ids):
            return ()
        gap = ids[k] is None
        pid = ids[k + 1] if gap else ids[k]
        last = pos + 1 + (MAX_GAP if gap else 0)
        for nxt in range(pos + 1, min(last, len(tokens) - 1) + 1):
            if tokens.clause[nxt] != tokens.clause[pos]:
                break
            if nxt not in blocked and pid in self.resolve(tokens.words[nxt]):
                rest = self._extend(ids, k + (2 if gap else 1), nxt, tokens, blocked)
                if rest is not None:
                    return (nxt, *rest)
        return None

    def find(self, tokens: Tokens, blocked: frozenset[int] = frozenset()) -> list[Match]:
        """Non-overlapping matches, longest first (then leftmost), in text order."""
        candidates: list[Match] = []
        for pos, word in enumerate(tokens.words):
            if pos in blocked:
                continue
            for pid in self.resolve(word):
                for index in self.by_first.get(pid, ()):
                    rest = self._extend(self.compiled[index], 1, pos, tokens, blocked)
                    if rest is not None:
                        candidates.append((index, (pos, *rest)))
        candidates.sort(key=lambda c: (-len(c[1]), -self.specificity[c[0]], c[1][0], c[0]))
        taken: set[int] = set()
        chosen: list[Match] = []
        values_at: dict[tuple[int, ...], set[str]] = {}
        for index, positions in candidates:
            term = self.terms[index]
            if taken.isdisjoint(positions):
                taken.update(positions)
                chosen.append(Match(term, positions))
                values_at[positions] = {term.value}
            elif term.value not in values_at.get(positions, {term.value}):
                # the same words, another theme ("lieferung": delivery_delay if negative,
                # positive_service if positive)
                chosen.append(Match(term, positions))
                values_at[positions].add(term.value)
        return sorted(chosen, key=lambda m: (m.start, m.term.value))


@dataclass
class Lexicon:
    """Themes, theme terms, sentiment terms and modifiers, per language."""

    theme_groups: dict[str, str]
    theme_terms: dict[str, Matcher] = field(default_factory=dict)
    sentiment: dict[str, Matcher] = field(default_factory=dict)
    modifiers: dict[str, Matcher] = field(default_factory=dict)
    intensifier_words: dict[str, set[str]] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        return sorted(set(self.theme_terms) | set(self.sentiment))

    @classmethod
    def from_records(
        cls,
        themes: Iterable[Mapping],
        theme_terms: Iterable[Mapping],
        sentiment: Iterable[Mapping],
        modifiers: Iterable[Mapping],
    ) -> Lexicon:
        groups = {}
        for row in themes:
            if row["theme_group"] not in THEME_GROUPS:
                raise LexiconError(
                    f"feedback_themes: {row['theme']}: theme_group {row['theme_group']!r}"
                )
            groups[str(row["theme"])] = str(row["theme_group"])
        by_language: dict[str, dict[str, list[Term]]] = {}

        def add(kind: str, row: Mapping, term: Term) -> None:
            if not term.words or term.words[0] == "..." or term.words[-1] == "...":
                raise LexiconError(f"{kind}: {row['language']} {row['term']!r}: no words")
            by_language.setdefault(str(row["language"]), {}).setdefault(kind, []).append(term)

        for row in theme_terms:
            if row["theme"] not in groups:
                raise LexiconError(
                    f"feedback_theme_lexicon: {row['term']!r}: theme {row['theme']!r} "
                    "is not in feedback_themes"
                )
            if row["cue"] not in THEME_CUES:
                raise LexiconError(f"feedback_theme_lexicon: {row['term']!r}: cue {row['cue']!r}")
            words = tuple(term_words(str(row["term"])))
            add("themes", row, Term(str(row["term"]), words, str(row["theme"]), str(row["cue"])))
        for row in sentiment:
            words = tuple(term_words(str(row["term"])))
            add("sentiment", row, Term(str(row["term"]), words, "", "", float(row["polarity"])))
        for row in modifiers:
            if row["modifier"] not in MODIFIERS:
                raise LexiconError(
                    f"sentiment_modifiers: {row['term']!r}: modifier {row['modifier']!r}"
                )
            words = tuple(term_words(str(row["term"])))
            add(
                "modifiers",
                row,
                Term(str(row["term"]), words, str(row["modifier"]), "", float(row["weight"])),
            )
        lexicon = cls(groups)
        for language, kinds in by_language.items():
            lexicon.theme_terms[language] = Matcher(
                kinds.get("themes", []), language, compounds=True
            )
            lexicon.sentiment[language] = Matcher(
                kinds.get("sentiment", []), language, compounds=True
            )
            lexicon.modifiers[language] = Matcher(kinds.get("modifiers", []), language)
            matchers = [lexicon.theme_terms[language], lexicon.sentiment[language],
                        lexicon.modifiers[language]]  # fmt: skip
            for matcher in matchers:
                matcher.siblings = [m for m in matchers if m is not matcher]
            lexicon.intensifier_words[language] = {
                t.words[0] for t in kinds.get("modifiers", [])
                if t.value == "intensifier" and len(t.words) == 1
            }  # fmt: skip
        return lexicon

    @classmethod
    def from_frames(cls, themes, theme_terms, sentiment, modifiers) -> Lexicon:
        """From the four seeds as pandas frames (what a dbt Python model gets)."""
        return cls.from_records(
            *(f.to_dict("records") for f in (themes, theme_terms, sentiment, modifiers))
        )

    @classmethod
    def from_seed_dir(cls, folder: Path) -> Lexicon:
        """From the seed CSV files (what `journey-warehouse classify-feedback` reads)."""
        rows = []
        for name in SEEDS.values():
            with (Path(folder) / name).open(encoding="utf-8", newline="") as f:
                rows.append(list(csv.DictReader(f)))
        return cls.from_records(*rows)
