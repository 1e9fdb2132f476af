"""dbt-duckdb plugin (profiles.yml ``plugins``): dbt's connections get their settings from
``Settings``, like Dagster's, and the run-time secrets without any SQL text carrying them.

The pseudonymisation key becomes a DuckDB session variable that the ``pseudonymize`` macro reads
with ``getvariable``, so the key never appears in compiled SQL, in dbt's logs or in the view
definitions stored in the warehouse file. Session variables and the time zone belong to one
connection, and every cursor dbt opens is a connection of its own: both hooks set them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dbt.adapters.duckdb.plugins import BasePlugin

from journey_warehouse.settings import Settings, duckdb_config, pseudonymization_key

KEY_VARIABLE = "jw_pseudonymization_key"


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict) -> None:
        self._settings = Settings.from_env()
        self._key = pseudonymization_key()

    def update_connection_config(self, creds, config: dict) -> None:
        # the profile's path wins (lint renders against a throwaway file): spill beside it
        settings = replace(self._settings, duckdb_path=Path(creds.path).resolve())
        config.update(duckdb_config(settings))
        # dbt's models never depend on row order; not keeping it saves memory on big sorts
        config["preserve_insertion_order"] = False

    def _configure_session(self, conn) -> None:
        conn.execute("set TimeZone = 'UTC'")
        conn.execute(f"set variable {KEY_VARIABLE} = $key", {"key": self._key})

    def configure_connection(self, conn) -> None:
        self._configure_session(conn)

    def configure_cursor(self, cursor) -> None:
        self._configure_session(cursor)
