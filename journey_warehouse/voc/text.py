"""Normalised words of a comment, with the sentence and clause each word belongs to.

Comment and lexicon terms go through the same `fold`, so analysts write a term once:
upper/lower case, umlauts written either way (ä/ae, ö/oe, ü/ue, ß/ss), accents (é/e) and
typographic apostrophes all compare equal. An emoji is a word. English contractions become two words
(`didn't` -> `did not`, `cant` -> `can not`), so a negation is always the word `not`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
CURRENCIES = str.maketrans({"€": " euro ", "$": " dollar ", "£": " pound "})
# what a word is; a hyphen splits a compound written with one (Chat-Support, E-Mail); an emoji
# is a word of its own (sentiment terms may be emoji: 😊, 👎)
EMOJI = "\u2600-\u27bf\U0001f300-\U0001faff"
WORD = re.compile(rf"[a-z0-9]+(?:'[a-z]+)*|[{EMOJI}]")
# sentence ends; clause breaks inside a sentence (commas, colons, brackets, dashes, quotes)
SENTENCE_END = re.compile(r"[.!?;\n\u2026]+")
CLAUSE_BREAK = re.compile(r"[,:()\[\]\"\u2013\u2014]|\s-\s|\s-$|^-\s")
# contractions: "n't" and its common misspellings without the apostrophe
NOT_CONTRACTIONS = {
    "can't": "can", "won't": "will", "shan't": "shall", "cant": "can", "wont": "will",
    "dont": "do", "doesnt": "does", "didnt": "did", "isnt": "is", "wasnt": "was",
    "arent": "are", "werent": "were", "havent": "have", "hasnt": "has", "hadnt": "had",
    "couldnt": "could", "wouldnt": "would", "shouldnt": "should", "aint": "is",
}  # fmt: skip
CLITICS = ("'s", "'ve", "'d", "'m", "'re", "'ll")  # it's, I've, I'd, I'm, we're, I'll


def fold(text: str) -> str:
    """Lower case, umlauts as ae/oe/ue, ß as ss, accents removed, one kind of apostrophe,
    currency signs as words (€ -> euro)."""
    text = unicodedata.normalize("NFKC", text).lower().translate(UMLAUTS).translate(CURRENCIES)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_word(word: str) -> list[str]:
    """One token, or two for a contraction (`didn't` -> `did`, `not`)."""
    if word in NOT_CONTRACTIONS:
        return [NOT_CONTRACTIONS[word], "not"]
    if word.endswith("n't"):
        return [word[:-3], "not"]
    for clitic in CLITICS:
        if word.endswith(clitic):
            return [word[: -len(clitic)]]
    return [word.replace("'", "")]


@dataclass(frozen=True)
class Tokens:
    """The words of a comment and, per word, the sentence and clause it is in."""

    words: tuple[str, ...]
    sentence: tuple[int, ...]  # index of the sentence (split at . ! ? ; and line ends)
    clause: tuple[int, ...]  # index of the clause (also split at commas, colons, dashes)

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str) -> Tokens:
    words: list[str] = []
    sentence: list[int] = []
    clause: list[int] = []
    n_clause = 0
    for n_sentence, sentence_text in enumerate(SENTENCE_END.split(fold(text))):
        for clause_text in CLAUSE_BREAK.split(sentence_text):
            for raw in WORD.findall(clause_text.replace("-", " ")):
                for word in split_word(raw):
                    if word:
                        words.append(word)
                        sentence.append(n_sentence)
                        clause.append(n_clause)
            n_clause += 1
    return Tokens(tuple(words), tuple(sentence), tuple(clause))


def term_words(term: str) -> list[str]:
    """The words of a lexicon term, folded like comments; `...` (a gap) and `*` are kept."""
    out: list[str] = []
    for part in fold(term).split():
        if part == "...":
            out.append(part)
            continue
        star_front, star_back = part.startswith("*"), part.endswith("*")
        pieces = [
            w for raw in WORD.findall(part.strip("*").replace("-", " ")) for w in split_word(raw)
        ]
        if star_front and pieces:
            pieces[0] = "*" + pieces[0]
        if star_back and pieces:
            pieces[-1] = pieces[-1] + "*"
        out += pieces
    return out
