"""What the dbt Python models int_feedback_themes_tagged and int_feedback_sentiment_scored
return: the classifier applied to the responses with a comment, as typed frames.

dbt finds a Python model's parents by the literal ``dbt.ref(...)`` calls in the model file, so
the models read the seeds and the responses and hand the frames to these functions.
"""

from __future__ import annotations

import pandas as pd

from .classifier import classify_frame
from .lexicon import Lexicon

THEMES_SCHEMA = {
    "feedback_theme_id": "varchar",
    "response_id": "varchar",
    "theme": "varchar",
    "matched_term_count": "bigint",
    "matched_terms": "varchar",
    "is_primary_theme": "boolean",
}
SENTIMENT_SCHEMA = {
    "response_id": "varchar",
    "positive_term_count": "bigint",
    "negative_term_count": "bigint",
    "sentiment_score": "double",
    "sentiment_label": "varchar",
}


def classify_responses(
    responses: pd.DataFrame, lexicon: Lexicon
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``responses``: response_id, language_code, comment_text (null comments are skipped).

    Each distinct (language, comment) is classified once: about 0.1-0.3 ms per comment on
    this project's 2-core machine, so the ~25,000 comments of the 10M-event benchmark take a
    few seconds and a million distinct comments several minutes.
    """
    responses = responses[responses["comment_text"].notna()].sort_values("response_id")
    themes, sentiment = classify_frame(
        lexicon, responses, id_column="response_id", language_column="language_code",
        text_column="comment_text",
    )  # fmt: skip
    themes["feedback_theme_id"] = themes["response_id"] + "|" + themes["theme"]
    return themes[list(THEMES_SCHEMA)], sentiment[list(SENTIMENT_SCHEMA)]
