"""Themes and sentiment of one comment, and of a frame of comments.

Sentiment (in the manner of VADER, Hutto & Gilbert 2014, with the lexicons in seeds):
each sentiment term found contributes its polarity, multiplied by

- the intensifiers and dampeners up to `MODIFIER_WINDOW` words before it in its clause
  (``sehr gut``, ``a bit slow``);
- a negator's weight (about -0.6) when a negator stands up to `NEGATION_WINDOW` words before
  it in its clause (``nicht gut``, ``not happy``, ``keine Probleme``), inside a gapped term
  (``stürzt nicht mehr ab``), or, in German, right after it with nothing left to negate
  (``funktioniert nicht``, ``empfehle ich nicht``);
- a contrast's weight (about 0.35) for what comes before ``aber`` / ``but`` in its sentence
  (or the sentence before, when the sentence starts with it), and a concession's weight for
  the clause that ``obwohl`` / ``although`` opens: in "good price but the delivery was late"
  the second half decides.

A signal of a problem theme (below) that no sentiment term covers counts as a sentiment term of
`STATED_PROBLEM`: a complaint told as a fact ("Seit Montag eine Störung im Kundenportal") is
negative. Negated signals ("keine Störung") do not count.

The sum S becomes ``sentiment_score = S / sqrt(S^2 + 1)`` in (-1, 1); ``|score| <
NEUTRAL_BAND`` is neutral (a lone "ok" or "passt" is neutral, "gut" is positive).

Themes: a term of the theme lexicon tags its theme according to its cue:

- ``mention``: always (a topic is a topic whatever is said about it: "nicht teuer" is about
  ``price``);
- ``signal``: unless it is negated ("nicht verspätet" is no ``delivery_delay``);
- ``if_negative`` / ``if_positive`` / ``if_evaluated``: an aspect word ("Lieferung", "app",
  "support") that tags the theme only when what is said about it is negative / positive /
  either: the sentiment terms of its clause that stand nearer to it than to any other theme
  word (a sentiment term inside a tagged theme term belongs to that term), else likewise in its
  part of the sentence (up to a contrast), else, when nothing else in the comment has a theme,
  the whole comment's sentiment ("Kundenservice? Fehlanzeige."). So "Die Lieferung war
  pünktlich" is praise (``positive_service``), not ``delivery_delay``, and "Die App ist klasse"
  is no ``app_bug``. An aspect tag gives way to a signal of a theme of the same group (problem,
  praise) in the same part of the sentence ("support never got back to me" is
  ``support_wait``, not also ``poor_service``).

A comment whose language has no lexicon, or in which nothing of its language is found, is
tried with the other languages (comments written in another language than their code).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import Lexicon, Match, Term
from .text import Tokens, tokenize

if TYPE_CHECKING:  # pandas only for frames: the command line classifies without it
    import pandas as pd

NEGATION_WINDOW = 3
# German negators that also negate the word before them ("funktioniert nicht"), up to
# TRAILING_WINDOW words after it; weak terms (|polarity| <= WEAK: "leider", "ok") are not
TRAILING_NEGATORS = {"de": ("nicht", "nie", "niemals")}
TRAILING_WINDOW = 4
WEAK = 0.5
MODIFIER_WINDOW = 2
NEUTRAL_BAND = 0.35
ALPHA = 1.0
STATED_PROBLEM = -1.0


@dataclass(frozen=True)
class Classification:
    themes: dict[str, tuple[str, ...]]  # theme -> matched terms (as written in the seed)
    primary_theme: str | None
    sentiment_score: float
    sentiment: str  # positive | neutral | negative
    positive_term_count: int
    negative_term_count: int
    language: str | None  # the lexicon language used

    @property
    def theme_codes(self) -> str:
        return ";".join(sorted(self.themes))


def label(score: float) -> str:
    if score >= NEUTRAL_BAND:
        return "positive"
    if score <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def _segments(tokens: Tokens, modifiers: list[Match]) -> list[int]:
    """Per word, its part of the sentence: sentences split again at contrasts and concessions."""
    breaks = {m.start for m in modifiers if m.term.value in ("contrast", "concessive")}
    out, segment = [], 0
    for pos in range(len(tokens)):
        if pos and (tokens.sentence[pos] != tokens.sentence[pos - 1] or pos in breaks):
            segment += 1
        out.append(segment)
    return out


class _Comment:
    """The matches of one comment in one language, and what follows from them."""

    def __init__(self, lexicon: Lexicon, tokens: Tokens, language: str):
        self.tokens = tokens
        self.language = language
        self.groups = lexicon.theme_groups
        sentiment = lexicon.sentiment[language].find(tokens)
        themes = lexicon.theme_terms[language].find(tokens)
        # a word that both intensifies and means something ("super", "einfach") intensifies
        # when the next word is a sentiment term
        dual = lexicon.intensifier_words.get(language, set())
        starts = {m.start for m in sentiment}
        self.sentiment = [
            m for m in sentiment
            if not (len(m.positions) == 1 and tokens.words[m.start] in dual
                    and m.start + 1 in starts and self._same_clause(m.start, m.start + 1))
        ]  # fmt: skip
        covered = frozenset(p for m in self.sentiment for p in m.positions)
        self.modifiers = lexicon.modifiers[language].find(tokens, blocked=covered)
        self.themes = themes
        self.segment = _segments(tokens, self.modifiers)
        self.kind_at = {p: m for m in self.modifiers for p in m.positions}
        # a problem stated as a fact is a complaint: a signal of a problem theme that no
        # sentiment term covers counts as a sentiment term of STATED_PROBLEM ("Die App lässt
        # sich nicht mehr öffnen", "an hour in the chat queue")
        facts: dict[tuple[int, ...], Match] = {}
        for m in themes:
            if (
                m.term.cue == "signal"
                and self.groups.get(m.term.value) == "problem"
                and covered.isdisjoint(m.positions)
                and self.negation(m, themes) is None
            ):
                term = Term(m.term.term, m.term.words, "", "", STATED_PROBLEM)
                facts.setdefault(m.positions, Match(term, m.positions))
        self.sentiment = sorted([*self.sentiment, *facts.values()], key=lambda m: m.positions)

    def _same_clause(self, a: int, b: int) -> bool:
        return 0 <= b < len(self.tokens) and self.tokens.clause[a] == self.tokens.clause[b]

    def negation(self, match: Match, others: list[Match]) -> float | None:
        """The weight of the negator that negates ``match``, None when nothing does."""
        negators = {p: m.term.weight for p, m in self.kind_at.items() if m.term.value == "negator"}
        for p in range(match.start + 1, match.end):  # inside a gapped term
            if p in negators and p not in match.positions:
                return negators[p]
        for p in range(match.start - 1, match.start - 1 - NEGATION_WINDOW, -1):
            if not self._same_clause(match.start, p):
                break
            if p in negators:
                return negators[p]
        trailing = TRAILING_NEGATORS.get(self.language, ())
        if trailing and abs(match.term.weight) > WEAK:
            # "funktioniert nicht", "begeistert bin ich auch nicht": a negator with nothing to
            # negate after it negates the nearest term before it that is not weak ("leider")
            for p in range(match.end + 1, match.end + 1 + TRAILING_WINDOW):
                if not self._same_clause(match.end, p):
                    break
                if p in negators and self.tokens.words[p] in trailing:
                    later = [o for o in others if p < o.start <= p + NEGATION_WINDOW
                             and self._same_clause(p, o.start)]  # fmt: skip
                    between = [o for o in others if match.end < o.start < p
                               and abs(o.term.weight) > WEAK]  # fmt: skip
                    return None if later or between else negators[p]
        return None

    def valences(self) -> list[float]:
        """Each sentiment match's contribution, after modifiers, negation and contrasts."""
        out = []
        for match in self.sentiment:
            value = match.term.weight
            scaling = {}  # each modifier once, though it may have two words ("a bit")
            for p in range(match.start - 1, match.start - 1 - MODIFIER_WINDOW, -1):
                if not self._same_clause(match.start, p):
                    break
                modifier = self.kind_at.get(p)
                if modifier and modifier.term.value in ("intensifier", "dampener"):
                    scaling[modifier.positions] = modifier.term.weight
            value *= math.prod(scaling.values())
            negation = self.negation(match, self.sentiment)
            if negation is not None:
                value *= negation
            out.append(value)
        for modifier in self.modifiers:
            kind, weight = modifier.term.value, modifier.term.weight
            if kind == "contrast":
                sentence = self.tokens.sentence[modifier.start]
                first = modifier.start == 0 or self.tokens.sentence[modifier.start - 1] != sentence
                for i, match in enumerate(self.sentiment):
                    s = self.tokens.sentence[match.start]
                    if (s == sentence and match.end < modifier.start) or (
                        first and s == sentence - 1
                    ):
                        out[i] *= weight
            elif kind == "concessive":
                for i, match in enumerate(self.sentiment):
                    if match.start > modifier.start and self._same_clause(
                        modifier.start, match.start
                    ):
                        out[i] *= weight
        return out

    def tagged_themes(self, valences: list[float]) -> dict[str, set[str]]:
        tagged: dict[str, set[str]] = {}
        signal_segments: set[tuple[int, str]] = set()
        tagging: list[Match] = []  # theme terms that tag by themselves
        aspects: list[Match] = []
        for match in self.themes:
            cue = match.term.cue
            if cue == "mention" or (cue == "signal" and self.negation(match, self.themes) is None):
                tagged.setdefault(match.term.value, set()).add(match.term.term)
                signal_segments.add((self.segment[match.start], self.groups.get(match.term.value)))
                tagging.append(match)
            elif cue != "signal":
                aspects.append(match)
        items = list(zip(self.sentiment, valences, strict=True))
        for match in aspects:
            polarity, whole_comment = self._aspect_polarity(match, items, tagging + aspects)
            wanted = {"if_negative": polarity < 0, "if_positive": polarity > 0}.get(
                match.term.cue, polarity != 0
            )
            group = self.groups.get(match.term.value)
            if not wanted or (self.segment[match.start], group) in signal_segments:
                continue
            if whole_comment and tagged:
                continue  # only the comment's mood speaks for it, and other themes were found
            tagged.setdefault(match.term.value, set()).add(match.term.term)
        return tagged

    def _aspect_polarity(self, aspect: Match, items, competitors) -> tuple[float, bool]:
        """What is said about an aspect word: the sentiment terms of its clause that are nearer
        to it than to any other theme term (a sentiment term that is part of a theme term
        belongs to that term), else likewise in its part of the sentence, else the sentiment
        of the whole comment outside theme terms (True: from the whole comment)."""

        def distance(a: Match, s: Match) -> int:
            return min(abs(x - y) for x in a.positions for y in s.positions)

        for same in (self.tokens.clause, self.segment):
            here = same[aspect.start]
            near = [(s, v) for s, v in items if same[s.start] == here]
            if near:
                rivals = [c for c in competitors if same[c.start] == here and c is not aspect]
                return sum(
                    v for s, v in near
                    if all(distance(aspect, s) <= distance(c, s) for c in rivals)
                ), False  # fmt: skip
        return sum(v for s, v in items if all(distance(c, s) for c in competitors)), True


def classify(lexicon: Lexicon, comment: str | None, language: str | None) -> Classification:
    """Themes and sentiment of one comment (``language``: de, en; others are tried in turn)."""
    tokens = tokenize(comment or "")
    languages = lexicon.languages
    order = ([language] if language in languages else []) + [x for x in languages if x != language]
    used, parsed = None, None
    for lang in order:
        candidate = _Comment(lexicon, tokens, lang)
        if candidate.sentiment or candidate.themes:
            used, parsed = lang, candidate
            break
    if parsed is None:
        return Classification({}, None, 0.0, "neutral", 0, 0, None)
    valences = parsed.valences()
    themes = parsed.tagged_themes(valences)
    total = sum(valences)
    score = round(total / math.sqrt(total * total + ALPHA), 6)
    # primary theme: the most matched terms, ties by theme name
    primary = min(themes, key=lambda t: (-len(themes[t]), t)) if themes else None
    return Classification(
        themes={t: tuple(sorted(terms)) for t, terms in sorted(themes.items())},
        primary_theme=primary,
        sentiment_score=score,
        sentiment=label(score),
        positive_term_count=sum(v > 0 for v in valences),
        negative_term_count=sum(v < 0 for v in valences),
        language=used,
    )


def classify_frame(
    lexicon: Lexicon,
    frame: pd.DataFrame,
    *,
    id_column: str,
    language_column: str,
    text_column: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Classify every comment of ``frame``; each distinct (language, text) is classified once.

    Returns ``(themes, sentiment)``: one row per comment and theme (id, theme,
    matched_term_count, matched_terms, is_primary_theme) and one row per comment (id,
    positive_term_count, negative_term_count, sentiment_score, sentiment_label, themes).
    """
    import pandas as pd

    keys = frame[[language_column, text_column]].drop_duplicates()
    results = {
        (lang, text): classify(lexicon, text, lang)
        for lang, text in zip(keys[language_column], keys[text_column], strict=True)
    }
    looked_up = [
        results[key] for key in zip(frame[language_column], frame[text_column], strict=True)
    ]
    ids = frame[id_column].tolist()
    sentiment = pd.DataFrame({
        id_column: ids,
        "positive_term_count": [r.positive_term_count for r in looked_up],
        "negative_term_count": [r.negative_term_count for r in looked_up],
        "sentiment_score": [r.sentiment_score for r in looked_up],
        "sentiment_label": [r.sentiment for r in looked_up],
        "themes": [r.theme_codes for r in looked_up],
    })  # fmt: skip
    rows = [
        (i, theme, len(terms), ", ".join(terms), theme == r.primary_theme)
        for i, r in zip(ids, looked_up, strict=True)
        for theme, terms in r.themes.items()
    ]
    themes = pd.DataFrame(
        rows,
        columns=[id_column, "theme", "matched_term_count", "matched_terms", "is_primary_theme"],
    )
    return themes, sentiment
