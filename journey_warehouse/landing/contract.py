"""The landing-data contract: which files a company drops into ``data/landing/`` and their schemas.

This module is the single source of truth: the loader builds its SQL from it, the generator writes
files that satisfy it, and the README documents it. Bump ``CONTRACT_VERSION`` on any breaking change.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTRACT_VERSION = 1

CHANNELS = (
    "organic_search", "paid_search", "organic_social", "paid_social", "display", "video",
    "email", "sms", "push", "referral", "direct", "affiliate", "offline_campaign",
    "contact_center_call", "contact_center_chat", "store", "app", "review_site",
    "event", "webinar", "demo", "sales_call",
)  # fmt: skip

EVENT_TYPES = (
    "ad_impression", "ad_click", "page_view", "content_view", "product_view", "search",
    "email_open", "email_click", "sms_click", "push_open", "social_engagement",
    "signup", "login", "add_to_cart", "checkout_start", "purchase",
    "support_call", "support_chat", "store_visit", "app_session",
    "referral_sent", "review_posted",
    "event_attended", "webinar_attended", "demo_requested", "demo_held", "sales_call",
    "proposal_sent", "onboarding_session", "expansion_call",
)  # fmt: skip

B2B_STAGES = (
    "engaged", "mql", "sql", "opportunity", "proposal", "negotiation",
    "closed_won", "closed_lost", "onboarding", "expansion", "advocacy",
)  # fmt: skip

CURRENCIES = ("EUR", "USD", "GBP", "CHF")
SURVEY_SCORE_RANGES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


@dataclass(frozen=True)
class Column:
    """One field of a landing file. ``kind`` is the logical type the loader casts to."""

    name: str
    kind: str  # string | timestamp | date | decimal | rate | integer | boolean | json | sha256
    required: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    doc: str = ""


@dataclass(frozen=True)
class Dataset:
    """A kind of landing file: its file-name glob(s), formats, key and columns."""

    name: str
    patterns: tuple[str, ...]
    key: tuple[str, ...]  # the columns that identify a row
    columns: tuple[Column, ...]
    not_in_future: str | None = None
    # a score whose valid range depends on another column, e.g. NPS 0-10 vs CSAT 1-5
    range_by: tuple[str, str, dict[str, tuple[int, int]]] | None = None
    doc: str = ""
    # append: events, a repeated key is a duplicate; upsert: a later file corrects the rows of
    # its keys; snapshot: full extracts applied in order of extract time, a key missing from a
    # newer extract is recorded as deleted
    mode: str = "append"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, kind: str = "string", **kwargs) -> Column:
    return Column(name, kind, **kwargs)


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "touchpoints",
            ("touchpoints*.jsonl", "touchpoints*.parquet"),
            key=("event_id",),
            not_in_future="occurred_at",
            doc="One row per customer touchpoint event (web, app, ads, CRM activities, ...).",
            columns=(
                _c("event_id", required=True, doc="unique id of the event"),
                _c("occurred_at", "timestamp", required=True, doc="ISO 8601 with offset"),
                _c("anonymous_id", required=True, doc="device / cookie id"),
                _c("customer_id", doc="shop customer id once the person is known"),
                _c("email_hash", "sha256", doc="sha256 hex of lower(trim(e-mail))"),
                _c("account_id", doc="B2B account id (CRM)"),
                _c("channel", required=True, allowed=CHANNELS),
                _c("event_type", required=True, allowed=EVENT_TYPES),
                _c("campaign", doc="campaign name or code"),
                _c("attributes", "json", doc="free-form touchpoint attributes"),
            ),
        ),
        Dataset(
            "orders",
            ("orders*.csv",),
            key=("order_id",),
            not_in_future="ordered_at",
            doc="B2C orders (one row per order, gross amount).",
            columns=(
                _c("order_id", required=True),
                _c("customer_id", required=True),
                _c("anonymous_id", doc="device that placed the order, if known"),
                _c("email_hash", "sha256"),
                _c("ordered_at", "timestamp", required=True),
                _c("currency", required=True, allowed=CURRENCIES),
                _c("order_amount", "decimal", required=True, minimum=0),
                _c("item_count", "integer", minimum=1),
                _c("channel", allowed=CHANNELS, doc="channel the order was placed in"),
            ),
        ),
        Dataset(
            "refunds",
            ("refunds*.csv",),
            key=("refund_id",),
            not_in_future="refunded_at",
            doc="Refunds against orders (partial or full).",
            columns=(
                _c("refund_id", required=True),
                _c("order_id", required=True),
                _c("refunded_at", "timestamp", required=True),
                _c("currency", required=True, allowed=CURRENCIES),
                _c("refund_amount", "decimal", required=True, minimum=0),
                _c("reason"),
            ),
        ),
        Dataset(
            "feedback",
            ("feedback*.csv", "feedback*.jsonl"),
            key=("response_id",),
            not_in_future="responded_at",
            range_by=("survey_type", "score", SURVEY_SCORE_RANGES),
            doc="Survey responses: NPS 0-10, CSAT 1-5, CES 1-7, optional free text (de/en).",
            columns=(
                _c("response_id", required=True),
                _c("responded_at", "timestamp", required=True),
                _c("survey_type", required=True, allowed=tuple(SURVEY_SCORE_RANGES)),
                _c("score", "integer", required=True),
                _c("customer_id"),
                _c("anonymous_id"),
                _c("account_id"),
                _c("contact_id"),
                _c("touchpoint_event_id", doc="touchpoint the survey was about"),
                _c("order_id", doc="order the survey was about"),
                _c("channel", allowed=CHANNELS),
                _c("language", allowed=("de", "en")),
                _c("comment", doc="free text"),
            ),
        ),
        Dataset(
            "crm_accounts",
            ("crm_accounts*.csv",),
            mode="snapshot",
            key=("account_id",),
            doc="B2B accounts.",
            columns=(
                _c("account_id", required=True),
                _c("account_name", required=True),
                _c("industry"),
                _c("employee_band"),
                _c("country"),
                _c("created_at", "timestamp", required=True),
            ),
        ),
        Dataset(
            "crm_contacts",
            ("crm_contacts*.csv",),
            mode="snapshot",
            key=("contact_id",),
            doc="People at B2B accounts (buying-group members). Carries PII: pseudonymised in staging.",
            columns=(
                _c("contact_id", required=True),
                _c("account_id", required=True),
                _c("email", doc="raw e-mail address (PII)"),
                _c("full_name", doc="PII"),
                _c("phone", doc="PII"),
                _c("job_title"),
                _c("is_decision_maker", "boolean"),
                _c("created_at", "timestamp", required=True),
            ),
        ),
        Dataset(
            "crm_opportunities",
            ("crm_opportunities*.csv",),
            mode="snapshot",
            key=("opportunity_id",),
            doc="B2B deals. status: open, won, lost.",
            columns=(
                _c("opportunity_id", required=True),
                _c("account_id", required=True),
                _c("created_at", "timestamp", required=True),
                _c("closed_at", "timestamp"),
                _c("status", required=True, allowed=("open", "won", "lost")),
                _c("amount", "decimal", minimum=0),
                _c("currency", allowed=CURRENCIES),
            ),
        ),
        Dataset(
            "crm_opportunity_stages",
            ("crm_opportunity_stages*.csv",),
            key=("stage_change_id",),
            not_in_future="entered_at",
            doc="Stage history of opportunities (one row per stage entry).",
            columns=(
                _c("stage_change_id", required=True),
                _c("opportunity_id", required=True),
                _c("stage", required=True, allowed=B2B_STAGES),
                _c("entered_at", "timestamp", required=True),
            ),
        ),
        Dataset(
            "fx_rates",
            ("fx_rates*.csv",),
            mode="upsert",
            key=("currency", "rate_date"),
            doc="Exchange rates as the ECB quotes them: units of `currency` per 1 EUR, valid from "
            "`rate_date` until the currency's next rate. Optional: rows override the seed "
            "`fx_rates` (same currency and date); a corrected rate in a later file replaces it.",
            columns=(
                _c("currency", required=True, allowed=CURRENCIES[1:]),
                _c("rate_date", "date", required=True),
                _c("units_per_eur", "rate", required=True, minimum=0.000001),
            ),
        ),
        Dataset(
            "marketing_spend",
            ("marketing_spend*.csv",),
            mode="upsert",
            key=("spend_date", "channel", "campaign", "business_model"),
            doc="Media and channel spend per day, channel, campaign and business model (who it "
            "is for), as the ad platforms and the finance team report it (spend without a "
            "campaign: the channel's always-on budget, e.g. `paid_search_always_on`). A "
            "corrected day in a later file replaces it.",
            columns=(
                _c("spend_date", "date", required=True),
                _c("channel", required=True, allowed=CHANNELS),
                _c("campaign", required=True),
                _c("amount", "decimal", required=True, minimum=0),
                _c("currency", required=True, allowed=CURRENCIES),
                _c("business_model", required=True, allowed=("b2c", "b2b")),
            ),
        ),
    )
}
