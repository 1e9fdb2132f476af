"""Sentiment of every comment, by the rule-based classifier in journey_warehouse.voc
(lexicons in the seeds sentiment_lexicon and sentiment_modifiers; negation, intensifiers and
contrasts are understood). A Python model, so that the warehouse and `journey-warehouse
classify-feedback` run exactly the same code."""

from journey_warehouse.frames import typed_relation
from journey_warehouse.voc import Lexicon
from journey_warehouse.voc.warehouse import SENTIMENT_SCHEMA, classify_responses


def model(dbt, session):
    dbt.config(materialized="table")  # a Python model is a table (no views in dbt-duckdb)
    lexicon = Lexicon.from_frames(
        dbt.ref("feedback_themes").df(),
        dbt.ref("feedback_theme_lexicon").df(),
        dbt.ref("sentiment_lexicon").df(),
        dbt.ref("sentiment_modifiers").df(),
    )
    responses = (
        dbt.ref("stg_landing__feedback_responses")
        .filter("comment_text is not null")
        .project("response_id, language_code, comment_text")
        .df()
    )
    _, sentiment = classify_responses(responses, lexicon)
    return typed_relation(session, sentiment, SENTIMENT_SCHEMA)
