{#- Connected components of the identity graph, one row per identifier: `node`, the smallest
    shop customer node it reaches (`customer_node`), the smallest node it reaches
    (`smallest_node`) and how many identifiers it reaches (`identifier_count`). `edges` is a
    relation of (node_a, node_b), symmetric and with a self-loop per node. -#}
{% macro identity_components(edges) -%}
    {{ return(adapter.dispatch('identity_components', 'journey_warehouse')(edges)) }}
{%- endmacro %}

{#- The transitive closure: exact for any graph; `union` (not `union all`) ends it on cycles. -#}
{% macro default__identity_components(edges) -%}
    with recursive reachable (node, reached_node) as (
        select
            node_a,
            node_b
        from {{ edges }}
        union
        select
            reachable.node,
            {{ edges }}.node_b
        from reachable
        inner join {{ edges }}
            on reachable.reached_node = {{ edges }}.node_a
    )

    select
        node,
        min(case when reached_node like 'cust:%' then reached_node end) as customer_node,
        min(reached_node) as smallest_node,
        count(*) as identifier_count
    from reachable
    group by 1
{%- endmacro %}

{#- Spark's recursive CTEs accept only `union all`, which never ends on a cyclic graph: the
    smallest labels spread along the edges for var `identity_closure_rounds` rounds instead
    (exact for components of a diameter up to that; the singular test
    identity_components_are_closed fails the build otherwise). Each round reads the previous
    one once, so the plan stays linear. -#}
{% macro spark__identity_components(edges) -%}
    {%- set rounds = var('identity_closure_rounds', 12) | int -%}
    with labels_0 as (
        select
            node_a as node,
            min(case when node_b like 'cust:%' then node_b end) as customer_node,
            min(node_b) as smallest_node
        from {{ edges }}
        group by 1
    ),
    {%- for round in range(1, rounds + 1) %}

    labels_{{ round }} as (
        select
            {{ edges }}.node_a as node,
            min(labels_{{ round - 1 }}.customer_node) as customer_node,
            min(labels_{{ round - 1 }}.smallest_node) as smallest_node
        from {{ edges }}
        inner join labels_{{ round - 1 }}
            on {{ edges }}.node_b = labels_{{ round - 1 }}.node
        group by 1
    ),
    {%- endfor %}

    component_sizes as (
        select
            smallest_node,
            count(*) as identifier_count
        from labels_{{ rounds }}
        group by 1
    )

    select
        labels_{{ rounds }}.node,
        labels_{{ rounds }}.customer_node,
        labels_{{ rounds }}.smallest_node,
        component_sizes.identifier_count
    from labels_{{ rounds }}
    inner join component_sizes
        on labels_{{ rounds }}.smallest_node = component_sizes.smallest_node
{%- endmacro %}
