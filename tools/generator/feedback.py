"""Survey responses: scores driven by experience, free-text themes in German and English."""

from __future__ import annotations

import unicodedata

import numpy as np

from .vocab import TH, THEME_NAMES, THEMES

NPS, CSAT, CES = 0, 1, 2
# flat list of all texts; TEXT_BASE[theme, lang] is the first, TEXT_COUNT[theme, lang] how many
TEXTS: list[str] = []
TEXT_BASE = np.zeros((len(THEME_NAMES), 2), dtype=np.int32)
TEXT_COUNT = np.zeros((len(THEME_NAMES), 2), dtype=np.int32)
for _t, _name in enumerate(THEME_NAMES):
    for _lang in (0, 1):  # 0 = de, 1 = en
        TEXT_BASE[_t, _lang] = len(TEXTS)
        TEXT_COUNT[_t, _lang] = len(THEMES[_name][_lang])
        TEXTS.extend(THEMES[_name][_lang])


def scores(
    rng: np.random.Generator,
    survey: np.ndarray,
    *,
    late: np.ndarray,
    refund: np.ndarray,
    support: np.ndarray,
    issue: np.ndarray,
) -> np.ndarray:
    """Scores from a latent satisfaction that bad experiences pull down.

    ``issue`` covers app crashes (B2C) and a complicated onboarding (B2B). CES is reported on
    an agreement scale where 7 means "it was very easy", so for all three types higher is better.
    """
    n = len(survey)
    z = 0.05 + rng.normal(0.0, 1.0, n) - 1.6 * late - 1.5 * refund - 0.9 * support - 1.2 * issue
    nps = np.clip(np.rint(8.0 + 1.7 * z), 0, 10)
    csat = np.clip(np.rint(3.9 + 0.9 * z), 1, 5)
    ces = np.clip(np.rint(5.2 + 1.2 * z), 1, 7)
    return np.select([survey == NPS, survey == CSAT], [nps, csat], ces).astype(np.int16)


def detractor(survey: np.ndarray, score: np.ndarray) -> np.ndarray:
    return np.select([survey == NPS, survey == CSAT], [score <= 6, score <= 2], score <= 3)


def promoter(survey: np.ndarray, score: np.ndarray) -> np.ndarray:
    return np.select([survey == NPS, survey == CSAT], [score >= 9, score >= 5], score >= 7)


def texts(
    rng: np.random.Generator,
    survey: np.ndarray,
    score: np.ndarray,
    german: np.ndarray,
    *,
    late: np.ndarray,
    refund: np.ndarray,
    support: np.ndarray,
    app_issue: np.ndarray,
    onboarding_issue: np.ndarray,
) -> np.ndarray:
    """A comment per response as an index into ``TEXTS`` (-1: no comment).

    The theme follows the experience: late delivery, refund (price), support contact, app crash,
    B2B onboarding; otherwise the score decides between praise, neutral and a price complaint.
    Extreme scores leave a comment more often than middling ones.
    """
    n = len(score)
    bad = detractor(survey, score)
    good = promoter(survey, score)
    # a detractor without a recorded bad experience complains about something else
    other = np.array([TH["price"], TH["delivery"], TH["support"], TH["app"]])[
        rng.choice(4, n, p=[0.5, 0.2, 0.15, 0.15])
    ]
    theme = np.select(
        [
            bad & late,
            bad & onboarding_issue,
            bad & app_issue,
            bad & support,
            bad & refund,
            bad,
            good,
        ],
        [TH["delivery"], TH["onboarding"], TH["app"], TH["support"], TH["price"], other,
         TH["positive"]],
        TH["neutral"],
    )  # fmt: skip
    # mixed feelings: a passive with a bad experience still names it
    passive = ~bad & ~good
    theme = np.where(passive & late & (rng.random(n) < 0.6), TH["delivery"], theme)
    theme = np.where(passive & support & (rng.random(n) < 0.5), TH["support"], theme)
    lang = np.where(german, 0, 1)
    variant = (rng.random(n) * TEXT_COUNT[theme, lang]).astype(np.int32)
    code = TEXT_BASE[theme, lang] + variant
    has_text = rng.random(n) < np.where(bad | good, 0.72, 0.45)
    return np.where(has_text, code, -1).astype(np.int32)


# Respondents sometimes type how to reach them: the warehouse must mask that before the marts
# (stg_landing__feedback_responses). (German, English) sentences appended to a comment.
CONTACT_SENTENCES = (
    (" Bitte rufen Sie mich an: {phone}", " Please call me on {phone}"),
    (" Meine E-Mail: {email}", " My e-mail: {email}"),
    (" Erreichbar unter {phone} oder {email}.", " You can reach me at {phone} or {email}."),
    (" Rückruf bitte unter {phone}!", " Call back on {phone}, please!"),
)
PHONE_FORMATS = (
    "+49 170 {n7}", "0170/{n7}", "(030) {n3} {n2} {n2b}", "+44 20 {n4} {n4b}", "0151-{n7}",
    "+49 (0)89 {n7}",
)  # fmt: skip
CONTACT_DETAIL_EVERY = 20  # about one comment in 20


def with_contact_details(
    comments: list[str | None], rid: np.ndarray, german: np.ndarray, salt: int
) -> list[str | None]:
    """Append an e-mail address or phone number to about one comment in 20. Chosen and filled
    from a scramble of the response id, not from the random generator, so every other value
    stays what the seed gives."""
    from .fmt import scramble
    from .vocab import FIRST_NAMES, LAST_NAMES, MAIL_DOMAINS

    x = scramble(np.asarray(rid), salt ^ 0xC0FFEE).astype(np.uint64)
    out = list(comments)
    for i in np.flatnonzero(x % np.uint64(CONTACT_DETAIL_EVERY) == 0):
        if not out[i]:
            continue
        v = int(x[i]) >> 8
        sentence = CONTACT_SENTENCES[v % len(CONTACT_SENTENCES)][0 if german[i] else 1]
        digits = f"{(v >> 4) % 10**7:07d}"
        phone = PHONE_FORMATS[(v >> 28) % len(PHONE_FORMATS)].format(
            n7=digits, n3=digits[:3], n2=digits[3:5], n2b=digits[5:], n4=digits[:4],
            n4b=digits[3:],
        )  # fmt: skip
        first = FIRST_NAMES[(v >> 32) % len(FIRST_NAMES)]
        last = LAST_NAMES[(v >> 40) % len(LAST_NAMES)].replace(" ", "").replace("'", "")
        local = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore")
        domain = MAIL_DOMAINS[(v >> 48) % len(MAIL_DOMAINS)]
        email = f"{local.decode().lower()}@{domain}"
        out[i] = out[i] + sentence.format(phone=phone, email=email)
    return out
