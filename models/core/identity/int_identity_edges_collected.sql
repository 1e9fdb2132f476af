{#- Every pair of identifiers seen together: device, shop customer, e-mail key, CRM contact.
    A self edge per identifier keeps identifiers that never link to anything. -#}
with

int_identifier_sets_collected as (
    select * from {{ ref('int_identifier_sets_collected') }}
),

stg_crm__contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

identifiers as (
    select
        device_node,
        customer_node,
        email_node
    from int_identifier_sets_collected
),

pairs as (
    select
        device_node as node_a,
        customer_node as node_b
    from identifiers
    union
    select
        device_node,
        email_node
    from identifiers
    union
    select
        customer_node,
        email_node
    from identifiers
    union
    select
        'contact:' || contact_id as node_a,
        'mail:' || email_key as node_b
    from stg_crm__contacts
),

final as (
    select
        node_a,
        node_b
    from pairs
    where node_a is not null and node_b is not null
    union
    select
        node_b as reversed_a,
        node_a as reversed_b
    from pairs
    where node_a is not null and node_b is not null
    union
    select
        node_a as self_a,
        node_a as self_b
    from pairs
    where node_a is not null
    union
    select
        node_b as self_a,
        node_b as self_b
    from pairs
    where node_b is not null
)

select * from final
