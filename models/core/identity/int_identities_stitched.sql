{#- Transitive closure of the identity graph: every identifier reaches every other identifier
    of its connected component; the component is one person. A shop customer id names the
    person when there is one, so person ids stay stable when new devices join. The closure is
    engine-specific (macros/identity.sql). -#}
with

int_identity_edges_collected as (
    select * from {{ ref('int_identity_edges_collected') }}
),

components as (
    {{ identity_components('int_identity_edges_collected') }}
),

final as (
    select
        node as identifier,
        {{ dbt.split_part('node', "':'", 1) }} as identifier_type,
        {{ dbt.hash('coalesce(customer_node, smallest_node)') }} as person_id,
        customer_node is not null as is_known_customer,
        identifier_count
    from components
)

select * from final
