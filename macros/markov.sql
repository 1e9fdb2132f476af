{#- Absorption of the removal chains of int_markov_removal_effects_computed: `chain` holds the
    one-step transitions (business_model, removed_channel, from_state, to_state, probability),
    absorbing states with a self-loop of 1; the result has the same columns for the transition
    matrix raised to the power 2^squarings, at least for from_state = '(start)'. -#}
{% macro markov_absorption(chain, squarings) -%}
    {{ return(adapter.dispatch('markov_absorption', 'journey_warehouse')(chain, squarings)) }}
{%- endmacro %}

{#- Repeated squaring: squarings joins of the matrix with itself. -#}
{% macro default__markov_absorption(chain, squarings) -%}
    with power_0 as (
        select * from {{ chain }}
    ),
    {%- for step in range(1, squarings + 1) %}

    power_{{ step }} as (
        select
            step_from.business_model,
            step_from.removed_channel,
            step_from.from_state,
            step_to.to_state,
            sum(step_from.probability * step_to.probability) as probability
        from power_{{ step - 1 }} as step_from
        inner join power_{{ step - 1 }} as step_to
            on
                step_from.business_model = step_to.business_model
                and step_from.removed_channel = step_to.removed_channel
                and step_from.to_state = step_to.from_state
        group by 1, 2, 3, 4
    ){% if not loop.last %},{% endif %}
    {%- endfor %}

    select * from power_{{ squarings }}
{%- endmacro %}

{#- Spark inlines a common table expression at every reference, so squaring by joins (each
    power reads the previous one twice) grows the plan as 2^squarings and exhausted the driver.
    The same repeated squaring instead runs inside one row per chain: the matrix as an array of
    rows (states x states, a few dozen states), squared by higher-order array functions, then
    exploded back to (from_state, to_state) rows. Same algorithm and power as on DuckDB. -#}
{% macro spark__markov_absorption(chain, squarings) -%}
    with chain_states as (
        select
            business_model,
            removed_channel,
            from_state as state
        from {{ chain }}
        union
        select
            business_model,
            removed_channel,
            to_state as state
        from {{ chain }}
    ),

    numbered_states as (
        select
            business_model,
            removed_channel,
            state,
            row_number() over (
                partition by business_model, removed_channel order by state
            ) - 1 as state_index
        from chain_states
    ),

    cells as (
        select
            from_states.business_model,
            from_states.removed_channel,
            from_states.state_index as from_index,
            to_states.state_index as to_index,
            cast(coalesce({{ chain }}.probability, 0) as {{ type_double() }}) as probability
        from numbered_states as from_states
        inner join numbered_states as to_states
            on
                from_states.business_model = to_states.business_model
                and from_states.removed_channel = to_states.removed_channel
        left join {{ chain }}
            on
                from_states.business_model = {{ chain }}.business_model
                and from_states.removed_channel = {{ chain }}.removed_channel
                and from_states.state = {{ chain }}.from_state
                and to_states.state = {{ chain }}.to_state
    ),

    matrix_rows as (
        select
            business_model,
            removed_channel,
            from_index,
            transform(
                array_sort(collect_list(struct(to_index, probability))),
                cell -> cell.probability
            ) as matrix_row
        from cells
        group by 1, 2, 3
    ),

    matrices as (
        select
            business_model,
            removed_channel,
            transform(
                array_sort(collect_list(struct(from_index, matrix_row))),
                indexed_row -> indexed_row.matrix_row
            ) as matrix
        from matrix_rows
        group by 1, 2
    ),

    powers as (
        select
            business_model,
            removed_channel,
            aggregate(
                sequence(1, {{ squarings }}),
                matrix,
                (power, step) -> transform(
                    power,
                    power_row -> transform(
                        sequence(0, size(power) - 1),
                        to_index -> aggregate(
                            sequence(0, size(power) - 1),
                            cast(0 as {{ type_double() }}),
                            (total, via_index) -> total
                            + power_row[via_index] * power[via_index][to_index]
                        )
                    )
                )
            ) as power
        from matrices
    ),

    power_cells as (
        select
            powers.business_model,
            powers.removed_channel,
            power_rows.from_index,
            power_cells.to_index,
            power_cells.probability
        from powers
        lateral view posexplode(powers.power) power_rows as from_index, power_row
        lateral view posexplode(power_rows.power_row) power_cells as to_index, probability
    ),

    final as (
        select
            power_cells.business_model,
            power_cells.removed_channel,
            from_states.state as from_state,
            to_states.state as to_state,
            power_cells.probability
        from power_cells
        inner join numbered_states as from_states
            on
                power_cells.business_model = from_states.business_model
                and power_cells.removed_channel = from_states.removed_channel
                and power_cells.from_index = from_states.state_index
        inner join numbered_states as to_states
            on
                power_cells.business_model = to_states.business_model
                and power_cells.removed_channel = to_states.removed_channel
                and power_cells.to_index = to_states.state_index
        where power_cells.probability <> 0
    )

    select * from final
{%- endmacro %}
