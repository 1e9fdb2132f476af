"""Themes and sentiment of DE and EN comments (journey_warehouse.voc, with the real seeds), the
dbt Python models' frame, and `journey-warehouse classify-feedback` as a subprocess."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from journey_warehouse.voc import Lexicon, LexiconError, classify
from journey_warehouse.voc.warehouse import classify_responses

from .conftest import PROJECT_DIR

SEEDS = PROJECT_DIR / "seeds"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_seed_dir(SEEDS)


def themes(lexicon, text, language):
    return set(classify(lexicon, text, language).themes)


def sentiment(lexicon, text, language):
    return classify(lexicon, text, language).sentiment


# the failures of the keyword lists that issue 15 names
def test_punctual_delivery_is_praise_not_a_delay(lexicon):
    result = classify(lexicon, "Die Lieferung war pünktlich", "de")
    assert set(result.themes) == {"positive_service"} and result.sentiment == "positive"


def test_a_great_app_is_no_app_bug(lexicon):
    result = classify(lexicon, "Die App ist klasse", "de")
    assert result.themes == {} and result.sentiment == "positive"


@pytest.mark.parametrize(
    "text", ["I would not recommend this", "Not happy, the parcel never showed up"]
)
def test_negated_praise_is_negative(lexicon, text):
    assert sentiment(lexicon, text, "en") == "negative"


def test_a_parcel_that_never_showed_up_is_a_delivery_delay(lexicon):
    assert themes(lexicon, "Not happy, the parcel never showed up", "en") == {"delivery_delay"}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Das ist gut", "de", "positive"),
        ("Das ist nicht gut", "de", "negative"),
        ("Das ist nicht schlecht", "de", "positive"),
        ("Keine Probleme, alles bestens", "de", "positive"),
        ("Die App funktioniert nicht", "de", "negative"),
        ("Das empfehle ich nicht weiter", "de", "negative"),
        ("Ich würde den Shop nicht weiterempfehlen", "de", "negative"),
        ("Nie wieder!", "de", "negative"),
        ("not bad at all", "en", "positive"),
        ("never had a problem", "en", "positive"),
        ("The support was not helpful", "en", "negative"),
        ("It didn't work", "en", "negative"),
        ("It didnt work", "en", "negative"),
    ],
)
def test_negation(lexicon, text, language, expected):
    assert sentiment(lexicon, text, language) == expected


def test_intensifiers_and_dampeners_scale_the_score(lexicon):
    def score(text, language):
        return classify(lexicon, text, language).sentiment_score

    assert score("sehr gut", "de") > score("gut", "de") > score("etwas gut", "de") > 0
    assert score("extremely slow", "en") < score("slow", "en") < score("a bit slow", "en") < 0


@pytest.mark.parametrize(
    ("text", "language", "expected_themes", "expected"),
    [
        ("good price but the delivery was late", "en", {"price", "delivery_delay"}, "negative"),
        ("Lieferung kam zu spät, aber die Qualität ist top", "de",
         {"delivery_delay", "product_quality"}, "positive"),
        ("Pricey, but the quality makes up for it.", "en", {"price", "product_quality"},
         "positive"),
        ("Although it arrived late, the product is great", "en",
         {"delivery_delay", "product_quality"}, "positive"),
    ],
)  # fmt: skip
def test_mixed_statements_the_part_after_the_contrast_decides(
    lexicon, text, language, expected_themes, expected
):
    result = classify(lexicon, text, language)
    assert set(result.themes) == expected_themes and result.sentiment == expected


def test_theme_and_sentiment_are_separate(lexicon):
    assert classify(lexicon, "Der Preis ist fair", "de").sentiment == "positive"
    assert themes(lexicon, "Der Preis ist fair", "de") == {"price"}
    assert themes(lexicon, "Viel zu teuer", "de") == {"price"}
    assert sentiment(lexicon, "Viel zu teuer", "de") == "negative"
    # a topic is a topic, negated or not; a problem signal that is negated is no problem
    assert themes(lexicon, "Die Paketlieferung war gar nicht teuer", "de") == {"price"}
    assert themes(lexicon, "Die Lieferung war nicht verspätet", "de") == {"positive_service"}
    assert themes(lexicon, "Seit dem Update stürzt die App nicht mehr ab", "de") == set()
    assert themes(lexicon, "The app no longer crashes", "en") == set()


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Die App stürzt ständig ab", "de", {"app_bug"}),
        ("Die App stuerzt staendig ab", "de", {"app_bug"}),  # umlauts as ue / ae
        ("Die Qualitaet ist mies", "de", {"product_quality"}),
        ("Die Jacke ist viel zu gross", "de", {"product_quality"}),  # ß as ss
        ("Liefrung kam viel zu spaet", "de", {"delivery_delay"}),  # a typo
        ("The app keeps crashng", "en", {"app_bug"}),
        ("the retrun process is a nightmare", "en", {"returns_refund"}),
        ("Die Paketlieferung kam drei Tage zu spät", "de", {"delivery_delay"}),  # a compound
        ("Die App stürzt beim Bezahlen jedes Mal ab", "de", {"app_bug"}),  # separable verb
        ("Keine Antwort auf meine E-Mail seit einer Woche", "de", {"support_wait"}),
        ("Waited 40 minutes on hold", "en", {"support_wait"}),
        ("The agent was rude", "en", {"poor_service"}),
        ("Refund arrived within a week", "en", {"returns_refund"}),
        ("Setup was not complicated at all", "en", {"onboarding"}),
    ],
)
def test_themes_in_spite_of_spelling(lexicon, text, language, expected):
    assert themes(lexicon, text, language) == expected


def test_words_are_not_read_inside_other_words(lexicon):
    # "gut" is not in "Gutschein", "problem" not in "problemlos", "fehlen" is no "fehler"
    assert classify(lexicon, "Ich habe den Gutschein problemlos eingelöst.", "de").sentiment == (
        "positive"
    )
    assert "app_bug" not in themes(lexicon, "Es fehlen wichtige Funktionen", "de")
    assert themes(lexicon, "Getting started is confusing for new users", "en") == {"onboarding"}


def test_a_comment_in_the_other_language_is_still_read(lexicon):
    result = classify(lexicon, "The delivery was late", "de")
    assert result.language == "en" and set(result.themes) == {"delivery_delay"}


def test_nothing_found_is_neutral_without_themes(lexicon):
    for text in ("", None, "Bestellnummer 12345", "ganz okay", "It was ok."):
        result = classify(lexicon, text, "de")
        assert result.sentiment == "neutral" and result.themes == {}, text


def test_the_primary_theme_has_the_most_terms_then_the_name(lexicon):
    result = classify(lexicon, "Die App stürzt ab, Absturz beim Login. Zu teuer.", "de")
    assert result.primary_theme == "app_bug" and set(result.themes) == {"app_bug", "price"}


def test_a_seed_row_with_an_unknown_theme_or_cue_is_rejected():
    themes_seed = [{"theme": "price", "theme_group": "topic"}]
    with pytest.raises(LexiconError, match="not in feedback_themes"):
        Lexicon.from_records(themes_seed, [{"language": "de", "term": "x", "theme": "nope",
                                            "cue": "mention"}], [], [])  # fmt: skip
    with pytest.raises(LexiconError, match="cue"):
        Lexicon.from_records(themes_seed, [{"language": "de", "term": "x", "theme": "price",
                                            "cue": "maybe"}], [], [])  # fmt: skip


def test_the_models_frame_classifies_each_distinct_comment_once(lexicon):
    responses = pd.DataFrame({
        "response_id": ["r3", "r1", "r2", "r4"],
        "language_code": ["de", "de", "en", "en"],
        "comment_text": ["Die App stürzt ab. Viel zu teuer!", "Die App stürzt ab. Viel zu teuer!",
                         "Great service, thanks!", None],
    })  # fmt: skip
    tagged, scored = classify_responses(responses, lexicon)
    assert list(scored["response_id"]) == ["r1", "r2", "r3"]
    assert list(scored["sentiment_label"]) == ["negative", "positive", "negative"]
    assert set(zip(tagged["response_id"], tagged["theme"], tagged["is_primary_theme"],
                   strict=True)) == {
        ("r1", "app_bug", True), ("r1", "price", False), ("r2", "positive_service", True),
        ("r3", "app_bug", True), ("r3", "price", False),
    }  # fmt: skip
    assert (tagged["feedback_theme_id"] == tagged["response_id"] + "|" + tagged["theme"]).all()


def test_classify_feedback_command(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out" / "out.csv"
    rows = [
        ("c1", "de", "Die Lieferung war pünktlich"),
        ("c2", "de", "Die App ist klasse"),
        ("c3", "en", "I would not recommend this"),
        ("c4", "en", "Not happy, the parcel never showed up"),
        ("c5", "en", "Good price but the delivery was late"),
        ("c6", "de", ""),
    ]
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("comment_id", "language", "comment"), *rows])
    command = [sys.executable, "-m", "orchestration.cli", "classify-feedback",
               "--input", str(source), "--output", str(target)]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(PROJECT_DIR))
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["comments"] == 6
    with target.open(encoding="utf-8", newline="") as f:
        out = list(csv.DictReader(f))
    assert list(out[0]) == ["comment_id", "language", "comment", "themes", "sentiment",
                            "sentiment_score"]  # fmt: skip
    got = {r["comment_id"]: (r["themes"], r["sentiment"]) for r in out}
    assert got == {
        "c1": ("positive_service", "positive"),
        "c2": ("", "positive"),
        "c3": ("", "negative"),
        "c4": ("delivery_delay", "negative"),
        "c5": ("delivery_delay;price", "negative"),
        "c6": ("", "neutral"),
    }
    assert all(-1 < float(r["sentiment_score"]) < 1 for r in out)
    # a file without the required columns: one line, exit code 2
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1,hallo\n", encoding="utf-8")
    command[command.index(str(source))] = str(bad)
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "missing column(s) comment_id, language, comment" in done.stderr


def test_a_german_compound_is_read_by_its_head(lexicon):
    # "Serverstörung": störung; "Riesenproblem": problem*; a term for the compound wins
    assert themes(lexicon, "Wieder eine Serverstörung", "de") == {"app_bug"}
    assert sentiment(lexicon, "Ein Riesenproblem mit dem Kundenkonto", "de") == "negative"
    assert sentiment(lexicon, "Das ging problemlos", "de") == "positive"
    # a first part that turns the head around is not split off
    assert sentiment(lexicon, "Ein Missverständnis", "de") == "neutral"


def test_a_problem_stated_as_a_fact_is_a_complaint(lexicon):
    result = classify(lexicon, "Seit Montag eine Störung im Kundenportal.", "de")
    assert set(result.themes) == {"app_bug"} and result.sentiment == "negative"
    # a denied problem is none
    assert sentiment(lexicon, "Keine Störung seit dem Update", "de") != "negative"


def test_an_emoji_is_a_word(lexicon):
    assert sentiment(lexicon, "Lieferung am nächsten Tag 👍", "de") == "positive"
    assert sentiment(lexicon, "Again a late parcel 😡", "en") == "negative"
