{#- Transitive closure of the identity graph: every identifier reaches every other identifier
    of its connected component; the component is one person. A shop customer id names the
    person when there is one, so person ids stay stable when new devices join. -#}
with recursive

int_identity_edges_collected as (
    select * from {{ ref('int_identity_edges_collected') }}
),

reachable (node, reached_node) as (
    select
        node_a,
        node_b
    from int_identity_edges_collected
    union
    select
        reachable.node,
        int_identity_edges_collected.node_b
    from reachable
    inner join int_identity_edges_collected
        on reachable.reached_node = int_identity_edges_collected.node_a
),

components as (
    select
        node,
        min(case when reached_node like 'cust:%' then reached_node end) as customer_node,
        min(reached_node) as smallest_node,
        count(*) as identifier_count
    from reachable
    group by 1
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
