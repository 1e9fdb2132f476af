{#- A flow table (source -> target with a count) that loses or gains paths: within each
    `partition_by` group, every node that some step flows into must flow out exactly as much
    (its onward steps plus its outcome). Entry nodes (no in-flow) and outcome nodes (only
    targets of terminal edges) are the Sankey's edges, not checked. -#}
{% test flows_balance(model, column_name, source, target, partition_by) %}
with

in_flows as (
    select {{ partition_by }}, {{ target }} as node, sum({{ column_name }}) as flow_in
    from {{ model }}
    group by {{ partition_by }}, {{ target }}
),

out_flows as (
    select {{ partition_by }}, {{ source }} as node, sum({{ column_name }}) as flow_out
    from {{ model }}
    group by {{ partition_by }}, {{ source }}
)

select in_flows.*, out_flows.flow_out
from in_flows
left join out_flows
    on
        {% for column in partition_by.split(',') -%}
            in_flows.{{ column | trim }} = out_flows.{{ column | trim }} and
        {% endfor -%}
        in_flows.node = out_flows.node
where
    in_flows.node in (select {{ source }} from {{ model }})
    and in_flows.flow_in != coalesce(out_flows.flow_out, 0)
{% endtest %}
