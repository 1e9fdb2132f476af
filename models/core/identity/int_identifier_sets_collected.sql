{#- The identifiers seen together on one touchpoint or order: device, shop customer and e-mail
    key, one row per distinct set (the event side of the identity graph). Incremental: a build
    adds the sets of the rows loaded since the previous build that are not here yet. Events and
    orders are never changed once loaded, so a set never goes away; a new
    JW_PSEUDONYMIZATION_KEY changes every e-mail key and needs a full refresh. -#}
{{
    config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
    )
}}

with

stg_landing__touchpoints as (
    select * from {{ ref('stg_landing__touchpoints') }}
),

stg_landing__orders as (
    select * from {{ ref('stg_landing__orders') }}
),

sightings as (
    select
        anonymous_id,
        customer_id,
        email_key,
        loaded_at
    from stg_landing__touchpoints
    union all
    select
        anonymous_id,
        customer_id,
        email_key,
        loaded_at
    from stg_landing__orders
),

identifiers as (
    select distinct
        'anon:' || anonymous_id as device_node,
        'cust:' || customer_id as customer_node,
        'mail:' || email_key as email_node
    from sightings
    {% if is_incremental() %}
        where loaded_at > {{ loaded_after_previous_build() }}
    {% endif %}
),

new_identifiers as (
    select * from identifiers
    {% if is_incremental() %}
        except
        select
            device_node,
            customer_node,
            email_node
        from {{ this }}
    {% endif %}
),

final as (
    select
        device_node,
        customer_node,
        email_node,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from new_identifiers
)

select * from final
