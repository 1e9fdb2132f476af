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
# theme -> (German texts, English texts); a theme is picked from the respondent's experience
THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # every variant contains the theme's key phrase, so text analytics can find it
    "delivery": (
        (
            "Lieferung kam zu spät",
            "Die Lieferung kam zu spät, über eine Woche Verzug",
            "Lieferung kam zu spät und die Sendungsverfolgung war falsch",
        ),
        (
            "delivery was late",
            "The delivery was late, almost two weeks",
            'Delivery was late, tracking said "delivered" days before',
        ),
    ),
    "price": (
        ("zu teuer", "Für die Qualität zu teuer", "Versandkosten sind zu teuer, leider"),
        ("too expensive", "Too expensive for what you get", "Shipping fees are too expensive"),
    ),
    "support": (
        (
            "lange Wartezeit in der Hotline",
            "Lange Wartezeit in der Hotline, 40 Minuten!",
            "Hotline: lange Wartezeit in der Hotline, dann aufgelegt",
        ),
        (
            "waited ages for support",
            "Waited ages for support, nobody called back",
            "I waited ages for support, then got a canned answer",
        ),
    ),
    "app": (
        (
            "App stürzt ab",
            "Die App stürzt ab, sobald ich bezahlen will",
            "App stürzt ab beim Login, sehr nervig",
        ),
        (
            "the app keeps crashing",
            "The app keeps crashing at checkout",
            "The app keeps crashing, had to use the website",
        ),
    ),
    "onboarding": (
        (
            "Einrichtung war kompliziert",
            "Die Einrichtung war kompliziert und schlecht dokumentiert",
            "Einrichtung war kompliziert, wir brauchten drei Termine",
        ),
        (
            "onboarding was confusing",
            "Onboarding was confusing, too many steps",
            'The onboarding was confusing; the "quick start" was not quick',
        ),
    ),
    "positive": (
        (
            "super schnell geliefert",
            "Super schnell geliefert, danke!",
            "Toller Service, super schnell geliefert",
            "Alles bestens, gerne wieder",
            "Sehr freundliche Beratung",
        ),
        (
            "great service",
            "Great service, fast delivery",
            "Super fast shipping, great service!",
            "Everything perfect, will buy again",
            "Friendly and helpful staff",
        ),
    ),
    "neutral": (
        ("ganz okay", "Passt, nichts Besonderes"),
        ("it was ok", "Fine, nothing special"),
    ),
}
THEME_NAMES = tuple(THEMES)
TH = {name: i for i, name in enumerate(THEME_NAMES)}
