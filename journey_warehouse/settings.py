"""Paths and knobs, all from environment variables with defaults for the embedded demo.

One variable, ``JW_DUCKDB_PATH``, names the warehouse file for Dagster, dbt (``profiles.yml``) and
the publish step; readers only ever open the published snapshot under ``JW_PUBLISH_DIR``.
``Settings.from_env()`` checks every ``JW_*`` variable and raises ``SettingsError`` naming the
variable and what it accepts, so a typo fails at start-up instead of deep inside a run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent

DEFAULT_MEMORY_LIMIT = "3GB"
DEFAULT_THREADS = "2"
DEFAULT_NIGHTLY_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Europe/Berlin"
DEFAULT_PSEUDONYMIZATION_KEY = "demo-key-not-secret"  # the demo only: set a secret for real data
# a landing file is taken once it has not changed for this long (or a _SUCCESS marker covers it)
DEFAULT_LANDING_SETTLE_SECONDS = "60"
# dates and timestamps outside this window are quarantined as implausible_date (year 0001, 9999)
DEFAULT_LANDING_EARLIEST_DATE = "2000-01-01"
DEFAULT_LANDING_LATEST_DATE = "2100-01-01"

# the units DuckDB's memory_limit accepts (it has no percentages); a zero limit fails every query
_MEMORY_LIMIT = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]i?B)", re.IGNORECASE)


class SettingsError(ValueError):
    """A JW_* variable has a value the warehouse cannot use; the message says which and why."""

    def __init__(self, var: str, value: str, expected: str) -> None:
        super().__init__(f"{var}={value!r} is not valid: expected {expected}")


def _path(var: str, default: str, kind: Literal["file", "folder"]) -> Path:
    """A file or folder path; it need not exist yet, but must not be the other kind."""
    value = os.environ.get(var, str(PROJECT_DIR / default))
    if not value.strip():  # Path("") would silently be the working directory
        raise SettingsError(var, value, f"the path of a {kind}")
    path = Path(value).resolve()
    if path.exists() and path.is_dir() != (kind == "folder"):
        other = "file" if kind == "folder" else "folder"
        raise SettingsError(var, value, f"the path of a {kind}, not of an existing {other}")
    return path


def lake_dir() -> Path:
    """The Parquet copy of the raw tables that engines other than DuckDB read (docs/spark.md)."""
    return _path("JW_LAKE_DIR", "data/lake", "folder")


# Read by the `spark` target of profiles.yml only (dbt-spark's session method), with these
# defaults: the Spark master, the driver's memory, the managed tables' folder (its Derby
# metastore beside it) and the shuffle partitions (few: the tables are small in local mode).
SPARK_SETTINGS = {
    "JW_SPARK_MASTER": "local[2]",
    "JW_SPARK_DRIVER_MEMORY": "3g",
    "JW_SPARK_WAREHOUSE_DIR": "data/spark/warehouse",
    "JW_SPARK_SHUFFLE_PARTITIONS": "4",
}


def _memory_limit() -> str:
    value = os.environ.get("JW_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)
    match = _MEMORY_LIMIT.fullmatch(value.strip())
    if not match or float(match[1]) == 0:
        raise SettingsError(
            "JW_DUCKDB_MEMORY_LIMIT", value, "a DuckDB size such as 3GB, 512MB or 2GiB "
            "(units KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
        )  # fmt: skip
    return value.strip()


def _threads() -> int:
    value = os.environ.get("JW_DUCKDB_THREADS", DEFAULT_THREADS)
    if not value.strip().isdigit() or int(value) < 1:
        raise SettingsError("JW_DUCKDB_THREADS", value, "a positive whole number such as 2")
    return int(value)


def _nightly_cron() -> str:
    # the rule the Dagster schedule itself applies (imported late: dagster is slow to import)
    from dagster._utils.schedules import is_valid_cron_string

    value = os.environ.get("JW_NIGHTLY_CRON", DEFAULT_NIGHTLY_CRON)
    if not is_valid_cron_string(value):
        raise SettingsError(
            "JW_NIGHTLY_CRON", value, "a 5-field cron expression such as '0 2 * * *' "
            "(minute hour day-of-month month day-of-week)",
        )  # fmt: skip
    return value


def _timezone() -> str:
    value = os.environ.get("JW_TIMEZONE", DEFAULT_TIMEZONE)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "JW_TIMEZONE", value, "an IANA time zone name such as Europe/Berlin or UTC"
        ) from None
    return value


def _alert_webhook() -> str | None:
    value = os.environ.get("JW_ALERT_WEBHOOK", "")
    if not value:  # unset or empty: no webhook, the alerts log only
        return None
    url = urlsplit(value)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise SettingsError(
            "JW_ALERT_WEBHOOK", value, "an http:// or https:// URL, or unset for no webhook"
        )
    return value


def landing_settle_seconds() -> float:
    """Seconds a landing file must stay unchanged before the loader takes it."""
    value = os.environ.get("JW_LANDING_SETTLE_SECONDS", DEFAULT_LANDING_SETTLE_SECONDS)
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise SettingsError(
            "JW_LANDING_SETTLE_SECONDS", value, "a number of seconds >= 0 such as 60"
        )
    return seconds


def _iso_date(var: str, default: str) -> date:
    value = os.environ.get(var, default)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise SettingsError(var, value, "an ISO date such as 2000-01-01") from None


def landing_date_window() -> tuple[date, date]:
    """The first and last plausible date of any landing date or timestamp."""
    earliest = _iso_date("JW_LANDING_EARLIEST_DATE", DEFAULT_LANDING_EARLIEST_DATE)
    latest = _iso_date("JW_LANDING_LATEST_DATE", DEFAULT_LANDING_LATEST_DATE)
    if latest <= earliest:
        raise SettingsError(
            "JW_LANDING_LATEST_DATE",
            str(latest),
            f"a date after JW_LANDING_EARLIEST_DATE ({earliest})",
        )
    return earliest, latest


def pseudonymization_key() -> str:
    """The secret of the keyed pseudonyms; dbt receives it as a session variable (dbt_session)."""
    value = os.environ.get("JW_PSEUDONYMIZATION_KEY", DEFAULT_PSEUDONYMIZATION_KEY)
    if not value.strip():  # an empty key would make the keyed hash guessable
        raise SettingsError(
            "JW_PSEUDONYMIZATION_KEY", value, "a non-empty secret, or unset for the demo key"
        )
    return value


DEMO_LANDING_DIR = PROJECT_DIR / "data" / "landing"


def check_demo_key(landing_dir: Path) -> str | None:
    """The demo key is public: pseudonyms made with it can be recomputed from e-mail addresses.
    Outside the demo (another landing folder than the generator's) the demo key is refused
    unless JW_ALLOW_DEMO_KEY=1; then the warning returned is said on every run."""
    if pseudonymization_key() != DEFAULT_PSEUDONYMIZATION_KEY or landing_dir == DEMO_LANDING_DIR:
        return None
    if os.environ.get("JW_ALLOW_DEMO_KEY", "") != "1":
        raise SettingsError(
            "JW_PSEUDONYMIZATION_KEY",
            DEFAULT_PSEUDONYMIZATION_KEY,
            f"a secret of your own to pseudonymise {landing_dir} (the demo key is public, so "
            "anyone could recompute its pseudonyms); JW_ALLOW_DEMO_KEY=1 uses it anyway",
        )
    return (
        f"the pseudonyms of {landing_dir} use the public demo key (JW_ALLOW_DEMO_KEY=1), so "
        "anyone can recompute them; set JW_PSEUDONYMIZATION_KEY before loading real data"
    )


@dataclass(frozen=True)
class Settings:
    duckdb_path: Path
    landing_dir: Path
    publish_dir: Path
    alerts_log: Path
    memory_limit: str
    threads: int
    nightly_cron: str
    timezone: str
    alert_webhook: str | None
    landing_settle_seconds: float
    landing_earliest_date: date
    landing_latest_date: date

    @property
    def status_file(self) -> Path:
        """The last gate run's outcome (JSON), beside the published snapshots."""
        return self.publish_dir / "dq_status.json"

    @property
    def status_page(self) -> Path:
        """The same as a stand-alone page for stakeholders."""
        return self.publish_dir / "data-quality-status.html"

    @classmethod
    def from_env(cls) -> Settings:
        """Read and check every JW_* variable; raises SettingsError on the first bad one."""
        pseudonymization_key()
        earliest, latest = landing_date_window()
        return cls(
            duckdb_path=_path("JW_DUCKDB_PATH", "data/warehouse.duckdb", "file"),
            landing_dir=_path("JW_LANDING_DIR", "data/landing", "folder"),
            publish_dir=_path("JW_PUBLISH_DIR", "data/published", "folder"),
            alerts_log=_path("JW_ALERTS_LOG", "data/alerts.log", "file"),
            memory_limit=_memory_limit(),
            threads=_threads(),
            nightly_cron=_nightly_cron(),
            timezone=_timezone(),
            alert_webhook=_alert_webhook(),
            landing_settle_seconds=landing_settle_seconds(),
            landing_earliest_date=earliest,
            landing_latest_date=latest,
        )


def duckdb_config(settings: Settings) -> dict[str, str | int | bool]:
    """The configuration every warehouse connection opens with, Dagster's and dbt's alike."""
    return {
        "memory_limit": settings.memory_limit,
        "threads": settings.threads,
        # spill beside the warehouse file; set once when the database opens, DuckDB refuses to
        # change it after it has spilled (seen at 10M events)
        "temp_directory": str(settings.duckdb_path.parent / "duckdb_tmp"),
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }


def connect(settings: Settings | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse with explicit memory, thread and spill settings, clock in UTC."""
    s = settings or Settings.from_env()
    s.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(s.duckdb_path), read_only=read_only, config=duckdb_config(s))
    con.execute("set TimeZone = 'UTC'")
    return con
