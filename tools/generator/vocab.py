"""Code tables and word lists: channels, event types, campaigns, names, feedback texts.

Channels and event types are addressed by their position in the contract's enums, so every
generated code is by construction a valid one.
"""

from __future__ import annotations

import numpy as np

from journey_warehouse.landing.contract import B2B_STAGES, CHANNELS, CURRENCIES, EVENT_TYPES

CH = {name: i for i, name in enumerate(CHANNELS)}
ET = {name: i for i, name in enumerate(EVENT_TYPES)}
STAGE = {name: i for i, name in enumerate(B2B_STAGES)}
CUR = {name: i for i, name in enumerate(CURRENCIES)}


def mix(weights: dict[str, float], table: dict[str, int] = CH) -> tuple[np.ndarray, np.ndarray]:
    """(codes, probabilities) of a weighted choice."""
    codes = np.array([table[k] for k in weights], dtype=np.int16)
    p = np.array(list(weights.values()), dtype=float)
    return codes, p / p.sum()


# --- B2C channel mixes -------------------------------------------------------------------------
# first touch of a new person (how they discover the brand)
ACQUISITION = mix(
    {
        "paid_search": 14, "organic_search": 18, "paid_social": 14, "organic_social": 8,
        "display": 10, "video": 5, "referral": 6, "affiliate": 5, "direct": 10,
        "offline_campaign": 3, "review_site": 4, "store": 3,
    }
)  # fmt: skip
# marketing touches on the path to an order (owned messaging only once the person is known)
PATH = mix(
    {
        "paid_search": 14, "organic_search": 14, "paid_social": 10, "organic_social": 5,
        "display": 9, "video": 3, "email": 14, "sms": 3, "push": 4, "referral": 3,
        "affiliate": 5, "direct": 10, "offline_campaign": 1, "review_site": 3,
    }
)  # fmt: skip
OWNED = np.array([CH["email"], CH["sms"], CH["push"]], dtype=np.int16)
ANON_SAFE = mix(
    {"paid_search": 3, "organic_search": 3, "paid_social": 2, "display": 2, "direct": 2}
)
# channel the order is placed in (web orders: the channel of the buying session)
ORDER_CHANNEL = mix(
    {
        "direct": 20, "paid_search": 14, "organic_search": 10, "email": 10, "paid_social": 4,
        "affiliate": 4, "referral": 3, "sms": 1, "app": 24, "store": 10,
    }
)  # fmt: skip
# browsing between purchases / after signup
BROWSE = mix({"direct": 5, "app": 4, "organic_search": 3, "email": 2, "push": 1})

# event type given channel, for marketing and browsing touches
CHANNEL_EVENTS: dict[str, dict[str, float]] = {
    "organic_search": {"page_view": 6, "content_view": 3, "product_view": 2},
    "paid_search": {"ad_click": 7, "page_view": 2},
    "organic_social": {"social_engagement": 6, "content_view": 3},
    "paid_social": {"ad_impression": 5, "ad_click": 3, "social_engagement": 1},
    "display": {"ad_impression": 8, "ad_click": 2},
    "video": {"ad_impression": 9, "ad_click": 1},
    "email": {"email_open": 6, "email_click": 4},
    "sms": {"sms_click": 1},
    "push": {"push_open": 1},
    "referral": {"page_view": 1},
    "direct": {"page_view": 4, "product_view": 3, "search": 2, "content_view": 1},
    "affiliate": {"ad_click": 6, "page_view": 3},
    "offline_campaign": {"page_view": 1},
    "contact_center_call": {"support_call": 1},
    "contact_center_chat": {"support_chat": 1},
    "store": {"store_visit": 1},
    "app": {"app_session": 6, "product_view": 2, "search": 1},
    "review_site": {"content_view": 3, "review_posted": 0},
    "event": {"event_attended": 1},
    "webinar": {"webinar_attended": 1},
    "demo": {"demo_requested": 1},
    "sales_call": {"sales_call": 1},
}

MARKETING_CHANNELS = (
    "paid_search", "paid_social", "display", "video", "email", "sms", "push", "affiliate",
    "offline_campaign", "event", "webinar",
)  # fmt: skip
CAMPAIGN_THEMES = (
    "winter_sale", "valentine", "spring_collection", "easter", "may_deals", "summer_start",
    "summer_sale", "back_to_school", "autumn_collection", "halloween", "black_friday", "xmas",
)  # fmt: skip

# --- people ------------------------------------------------------------------------------------
FIRST_NAMES = (
    "Anna", "Lukas", "Marie", "Jonas", "Sophie", "Leon", "Emma", "Felix", "Mia", "Paul", "Lea",
    "Maximilian", "Hannah", "Elias", "Laura", "Jan", "Sarah", "Tim", "Julia", "Finn", "Jörg",
    "Müge", "Olivia", "James", "Amelia", "Noah", "Chloé", "Luca", "Giulia", "Mateo", "Zoë",
    "Oliver", "Charlotte", "Henrik", "Ingrid", "Pieter", "Sanne", "Émile", "Ayşe", "Mehmet",
)  # fmt: skip
LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann",
    "Smith", "Jones", "Taylor", "Brown", "Williams", "de Vries", "Jansen", "Rossi", "Dubois",
    "Y\u0131lmaz", "Kaya", "Novak", "Andersson", "O'Brien", "García", "Martin", "Huber", "Gruber",
)  # fmt: skip
MAIL_DOMAINS = ("gmail.com", "web.de", "gmx.de", "outlook.com", "t-online.de", "icloud.com",
                "yahoo.com", "posteo.de", "gmx.at", "bluewin.ch")  # fmt: skip

# --- B2B ---------------------------------------------------------------------------------------
COMPANY_WORDS = (
    "Nordwind", "Alpen", "Rhein", "Blau", "Stern", "Falken", "Kristall", "Eiche", "Brücken",
    "Horizont", "Vektor", "Quantum", "Atlas", "Polar", "Silber", "Delta", "Linden", "Orbit",
    "Nexus", "Zenit", "Helix", "Kompass", "Meridian", "Pionier", "Fjord", "Granit",
)  # fmt: skip
COMPANY_KINDS = (
    "Logistik", "Systems", "Software", "Maschinenbau", "Energie", "Consulting", "Handel",
    "Medizintechnik", "Finanz", "Digital", "Solutions", "Werke", "Analytics", "Labs",
)  # fmt: skip
LEGAL_FORMS = ("GmbH", "AG", "GmbH & Co. KG", "SE", "Ltd", "B.V.", "SARL", "Inc.")
INDUSTRIES = ("software", "manufacturing", "retail", "financial_services", "healthcare",
              "logistics", "energy", "public_sector", "professional_services")  # fmt: skip
EMPLOYEE_BANDS = ("1-49", "50-249", "250-999", "1000-4999", "5000+")
BAND_P = np.array([0.25, 0.35, 0.22, 0.12, 0.06])
BAND_DEAL_EUR = np.array([6_000, 18_000, 45_000, 120_000, 300_000], dtype=float)
COUNTRIES = ("DE", "AT", "CH", "NL", "GB", "FR", "US")
COUNTRY_P = np.array([0.5, 0.1, 0.1, 0.08, 0.1, 0.07, 0.05])
COUNTRY_CURRENCY = np.array([CUR["EUR"], CUR["EUR"], CUR["CHF"], CUR["EUR"], CUR["GBP"],
                             CUR["EUR"], CUR["USD"]], dtype=np.int8)  # fmt: skip
COUNTRY_GERMAN = np.array([True, True, True, False, False, False, False])
COUNTRY_PHONE = ("+49", "+43", "+41", "+31", "+44", "+33", "+1")
DECISION_TITLES = ("CEO", "CFO", "CTO", "Head of Operations", "VP Sales", "Geschäftsführer")
OTHER_TITLES = (
    "IT Manager", "Project Manager", "Procurement Specialist", "Data Analyst",
    "Operations Manager", "Team Lead Customer Service", "Controller", "Einkäufer",
    "Marketing Manager", "Software Engineer",
)  # fmt: skip

# --- commerce ----------------------------------------------------------------------------------
REFUND_REASONS = (
    "damaged", "wrong_size", "late_delivery", "not_as_described", "changed_mind",
    "defective, replaced by a new unit", 'customer said "never arrived"',
)  # fmt: skip
REFUND_REASON_P = np.array([0.2, 0.22, 0.1, 0.14, 0.2, 0.08, 0.06])
PRODUCT_CATEGORIES = ("shoes", "outerwear", "dresses", "shirts", "accessories", "home", "sport",
                      "kids", "beauty", "electronics")  # fmt: skip
SEARCH_TERMS = ("running shoes", "winter jacket", "gift ideas", "sale", "rain jacket", "sneaker",
                "yoga mat", "backpack", "kleid", "laufschuhe", "geschenk")  # fmt: skip
PAGES = ("/", "/sale", "/new-in", "/blog/style-guide", "/blog/sustainability", "/help/shipping",
         "/help/returns", "/stores", "/about", "/category/shoes", "/category/home")  # fmt: skip
B2B_PAGES = ("/pricing", "/product/platform", "/resources/whitepaper-roi",
             "/resources/case-study-logistics", "/blog/data-quality", "/integrations",
             "/security", "/careers")  # fmt: skip
WEBINARS = ("journey-analytics-101", "roi-of-cx", "attribution-deep-dive", "data-mesh-in-practice")
B2B_EVENTS = ("dmexco", "cebit-reloaded", "customer-summit", "roadshow-munich", "roadshow-zurich")
APP_OS = ("ios", "android")
REVIEW_PLATFORMS = ("trustpilot", "google", "trustedshops", "g2", "capterra")

# --- feedback ----------------------------------------------------------------------------------
SURVEY_TYPES = ("nps", "csat", "ces")
# theme -> (German texts, English texts); a theme is picked from the respondent's experience.
# Each text is an opener or a second clause (a mixed statement), the core complaint or praise,
# and an ending, in a few styles (as typed, lower case without the final stop, umlauts as
# ae/oe/ue and a typo in the added words): a few hundred texts per theme and language, so the
# demo is not a lookup table. The cores keep the theme's key phrase; none but the delivery
# complaints says "late", none but the praise "great service".
_THEME_PARTS: dict[str, tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]] = {
    "delivery": (
        {
            "core": ("Lieferung kam zu spät", "Die Lieferung kam zu spät, über eine Woche Verzug",
                     "Lieferung kam zu spät und die Sendungsverfolgung war falsch",
                     "Lieferung kam zu spät, das Geschenk war dann überflüssig",
                     "Lieferung kam zu spät, obwohl Express bezahlt"),
            "open": ("", "Das Produkt selbst ist gut. ", "Schade. ", "Hallo! ",
                     "Eigentlich bestelle ich gerne hier. "),
            "end": ("", " Sehr ärgerlich.", " Beim nächsten Mal bestelle ich woanders.",
                    " Bitte bessert das!", " Niemand hat Bescheid gegeben."),
        },
        {
            "core": ("delivery was late", "The delivery was late, almost two weeks",
                     'Delivery was late, tracking said "delivered" days before',
                     "Delivery was late and nobody told me why",
                     "Delivery was late even though I paid for express"),
            "open": ("", "The product itself is fine. ", "Disappointing. ", "Hi! ",
                     "I usually like ordering here. "),
            "end": ("", " Really annoying.", " Next time I will order elsewhere.",
                    " Please sort this out!", " Not impressed."),
        },
    ),
    "price": (
        {
            "core": ("zu teuer", "Für die Qualität zu teuer", "Versandkosten sind zu teuer, leider",
                     "Im Vergleich zur Konkurrenz viel zu teuer", "Das Abo ist mittlerweile zu teuer"),
            "open": ("", "Die Ware ist ok. ", "Ehrlich gesagt: ", "Hmm. "),
            "end": ("", " Schade.", " Deshalb gekündigt.", " Für das Geld erwarte ich mehr."),
        },
        {
            "core": ("too expensive", "Too expensive for what you get", "Shipping fees are too expensive",
                     "Way too expensive compared to other shops", "The subscription is too expensive now"),
            "open": ("", "The goods are ok. ", "Honestly: ", "Hmm. "),
            "end": ("", " Shame.", " So we cancelled.", " For that money I expect more."),
        },
    ),
    "support": (
        {
            "core": ("lange Wartezeit in der Hotline", "Lange Wartezeit in der Hotline, 40 Minuten!",
                     "Hotline: lange Wartezeit in der Hotline, dann aufgelegt",
                     "Lange Wartezeit in der Hotline und keine Antwort auf meine E-Mail"),
            "open": ("", "Das Produkt ist in Ordnung. ", "Kundenservice? ", "Leider wieder. "),
            "end": ("", " Ziemlich frustrierend.", " Bis heute kein Rückruf.", " So geht das nicht."),
        },
        {
            "core": ("waited ages for support", "Waited ages for support, nobody called back",
                     "I waited ages for support, then got a canned answer",
                     "Waited ages for support and my email is still unanswered"),
            "open": ("", "The product is fine. ", "Customer service? ", "Sadly, again. "),
            "end": ("", " Pretty frustrating.", " Still no call back.", " Not acceptable."),
        },
    ),
    "app": (
        {
            "core": ("App stürzt ab", "Die App stürzt ab, sobald ich bezahlen will",
                     "App stürzt ab beim Login, sehr nervig", "Seit dem Update: App stürzt ab"),
            "open": ("", "Bestellung an sich ok. ", "Schon wieder. ", "Hilfe! "),
            "end": ("", " Musste über die Website bestellen.", " Bitte fixen.", " Nervt total."),
        },
        {
            "core": ("the app keeps crashing", "The app keeps crashing at checkout",
                     "The app keeps crashing, had to use the website",
                     "Since the update the app keeps crashing"),
            "open": ("", "Ordering is fine. ", "Again. ", "Help! "),
            "end": ("", " Had to order on the website.", " Please fix it.", " So annoying."),
        },
    ),
    "onboarding": (
        {
            "core": ("Einrichtung war kompliziert", "Die Einrichtung war kompliziert und schlecht dokumentiert",
                     "Einrichtung war kompliziert, wir brauchten drei Termine",
                     "Die Einrichtung war kompliziert, die Doku ist veraltet"),
            "open": ("", "Die Software kann viel. ", "Unser Team sagt: ", "Ehrlich: "),
            "end": ("", " Eine bessere Schulung wäre gut.", " Das hat uns Wochen gekostet.", ""),
        },
        {
            "core": ("onboarding was confusing", "Onboarding was confusing, too many steps",
                     'The onboarding was confusing; the "quick start" was not quick',
                     "Onboarding was confusing and the docs are outdated"),
            "open": ("", "The tool is powerful. ", "Our team says: ", "Honestly: "),
            "end": ("", " Better training would help.", " It cost us weeks.", ""),
        },
    ),
    "positive": (
        {
            "core": ("super schnell geliefert", "Super schnell geliefert, danke!",
                     "Toller Service, super schnell geliefert", "Alles bestens, gerne wieder",
                     "Sehr freundliche Beratung", "Die Lieferung war pünktlich und gut verpackt",
                     "Top Qualität, schnelle Lieferung", "Hat alles wunderbar geklappt"),
            "open": ("", "Wie immer: ", "Danke! "),
            "end": ("", " Weiter so!", " Gerne wieder.", " 👍"),
        },
        {
            "core": ("great service", "Great service, fast delivery", "Super fast shipping, great service!",
                     "Everything perfect, will buy again", "Friendly and helpful staff",
                     "Arrived a day early and well packed", "Really happy with the quality",
                     "Smooth from order to delivery"),
            "open": ("", "As always: ", "Thanks! "),
            "end": ("", " Keep it up!", " Will order again.", " 👍"),
        },
    ),
    "neutral": (
        {
            "core": ("ganz okay", "Passt, nichts Besonderes", "Alles in Ordnung", "Ware ist angekommen",
                     "Geht so", "Normaler Einkauf, nichts zu berichten"),
            "open": ("", "Naja. "),
            "end": ("", "."),
        },
        {
            "core": ("it was ok", "Fine, nothing special", "All in order", "The goods arrived",
                     "So-so", "Ordinary purchase, nothing to report"),
            "open": ("", "Well. "),
            "end": ("", "."),
        },
    ),
}  # fmt: skip
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                                "Ü": "Ue"})  # fmt: skip


def _typo(text: str) -> str:
    """Swap two letters in the middle of the longest word (a typo that stays readable)."""
    words = text.split(" ")
    i = max(range(len(words)), key=lambda k: (len(words[k]), -k)) if words else 0
    word = words[i] if words else ""
    if len(word) < 5:
        return text
    j = len(word) // 2
    words[i] = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
    return " ".join(words)


def _texts(parts: dict[str, tuple[str, ...]], german: bool) -> tuple[str, ...]:
    """Every opener x core x ending, as typed; a lower-case form without the final stop; and,
    with an opener or ending, their words with a typo (German: with umlauts as ae/oe/ue)."""
    out: dict[str, None] = {}
    for core in parts["core"]:
        for opener in parts["open"]:
            for end in parts["end"]:
                body = core if not end or core[-1] in ".!?" or end == "." else core + "."
                out[f"{opener}{body}{end}"] = None
                out[f"{opener}{body}{end}".lower().rstrip(".")] = None
                if opener or end:
                    added_open, added_end = _typo(opener), _typo(end)
                    if german:
                        added_open = added_open.translate(_TRANSLITERATE)
                        added_end = added_end.translate(_TRANSLITERATE)
                    out[f"{added_open}{body}{added_end}"] = None
    return tuple(out)


THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    theme: (_texts(de, german=True), _texts(en, german=False))
    for theme, (de, en) in _THEME_PARTS.items()
}
THEME_NAMES = tuple(THEMES)
TH = {name: i for i, name in enumerate(THEME_NAMES)}
