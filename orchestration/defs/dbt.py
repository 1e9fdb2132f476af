"""dbt models, seeds and tests as Dagster assets and asset checks (dagster-dbt)."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from journey_warehouse.settings import Settings, SettingsError, check_demo_key

from .resources import dbt_project


class WarehouseTranslator(DagsterDbtTranslator):
    """Sources are the raw assets; a model's key is its relation (schema/name, also for the
    core layer, whose schema comes from its prefix); models are grouped by folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["identifier"]])
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return "_".join(fqn[1:-1]) or "dbt"


class DbtBuildConfig(dg.Config):
    """Launchpad / run config of the dbt step (the CLI: `journey-warehouse run --full-refresh`)."""

    full_refresh: bool = False  # rebuild incremental models from scratch (a changed model or key)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=WarehouseTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
)
def warehouse_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig
):
    """`dbt build`: seeds, models and their tests, in dependency order."""
    try:
        warning = check_demo_key(Settings.from_env().landing_dir)
    except SettingsError as refused:  # an operator's setting: retrying cannot fix it
        raise dg.Failure(description=str(refused), allow_retries=False) from None
    if warning:
        context.log.warning(warning)
    args = ["build", "--full-refresh"] if config.full_refresh else ["build"]
    yield from dbt.cli(args, context=context).stream()
