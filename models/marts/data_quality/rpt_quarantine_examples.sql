{#- A few quarantined rows per landing dataset and reason code, so an operator sees what was
    wrong: at most var `quarantine_examples_per_reason` (default 5) per pair, open rows before
    replayed ones, newest first. The text is masked in staging (stg_landing__quarantined_rows)
    and cut here to its first 600 characters (after masking: a cut never leaves a fragment of
    an e-mail address unmasked). -#}
{%- set example_chars = 600 -%}
with

stg_landing__quarantined_rows as (
    select * from {{ ref('stg_landing__quarantined_rows') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by dataset, reason_code
            order by
                case when is_replayed then 1 else 0 end asc,
                quarantined_at desc,
                file_name desc,
                line_number desc,
                quarantined_row_id asc
        ) as example_rank
    from stg_landing__quarantined_rows
),

final as (
    select
        quarantined_row_id,
        dataset,
        reason_code,
        reason_column,
        file_name,
        line_number,
        quarantined_at,
        case when is_replayed then 'replayed' else 'open' end as quarantine_status,
        replayed_into,
        cast(example_rank as {{ dbt.type_int() }}) as example_rank,
        case
            when {{ dbt.length('masked_text') }} > {{ example_chars }}
                then substring(masked_text, 1, {{ example_chars }}) || ' ...'
            else masked_text
        end as example_text,
        coalesce({{ dbt.length('masked_text') }} > {{ example_chars }}, false) as is_text_cut
    from ranked
    where example_rank <= {{ var('quarantine_examples_per_reason') }}
)

select * from final
