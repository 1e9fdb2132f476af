"""Voice-of-customer text analytics: themes and sentiment of German and English comments.

Rule-based and offline: the taxonomy and the lexicons are dbt seeds that analysts edit
(seeds/feedback_themes.csv, feedback_theme_lexicon.csv, sentiment_lexicon.csv,
sentiment_modifiers.csv). The dbt Python models int_feedback_themes_tagged and
int_feedback_sentiment_scored and `journey-warehouse classify-feedback` use this package.
"""

from .classifier import Classification, classify, classify_frame
from .lexicon import Lexicon, LexiconError

__all__ = ["Classification", "Lexicon", "LexiconError", "classify", "classify_frame"]
