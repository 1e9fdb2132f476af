"""Voice-of-customer text analytics: themes and sentiment of German and English comments.

Rule-based and offline: the taxonomy and the lexicons are dbt seeds that analysts edit
(seeds/feedback_themes.csv, feedback_theme_lexicon.csv, sentiment_lexicon.csv,
sentiment_modifiers.csv). The dbt Python models int_feedback_themes_tagged and
int_feedback_sentiment_scored and `journey-warehouse classify-feedback` use this package.

Why no library: none on PyPI covers both languages offline with data an analyst can edit.
vaderSentiment (MIT, English lexicon in the wheel) is English only, its lexicon lives in the
package rather than in seeds, and it has no domain words ("late", "on hold", "crashes");
germansentiment downloads a BERT model at run time; spacy-sentiws needs SentiWS, licensed for
non-commercial use only; textblob-de (last release 2019) and gersent (2019, word lists of
unstated origin) are unmaintained. So the rules here borrow VADER's ideas (negation window,
intensifiers, "but" weighting, score normalisation) and keep every word in the seeds.
"""

from .classifier import Classification, classify, classify_frame
from .lexicon import Lexicon, LexiconError

__all__ = ["Classification", "Lexicon", "LexiconError", "classify", "classify_frame"]
