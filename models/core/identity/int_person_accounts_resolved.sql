{#- B2B people: the account of their CRM contact record, else the account their touchpoints
    name most often (ties broken by account id). -#}
with

int_identities_stitched as (
    select * from {{ ref('int_identities_stitched') }}
),

stg_crm__contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

stg_landing__touchpoints as (
    select * from {{ ref('stg_landing__touchpoints') }}
),

contact_accounts as (
    select
        int_identities_stitched.person_id,
        min(stg_crm__contacts.account_id) as account_id,
        max(case when stg_crm__contacts.is_decision_maker then 1 else 0 end) as is_decision_maker,
        1 as source_priority
    from stg_crm__contacts
    inner join int_identities_stitched
        on int_identities_stitched.identifier = 'contact:' || stg_crm__contacts.contact_id
    group by 1
),

touchpoint_account_counts as (
    select
        int_identities_stitched.person_id,
        stg_landing__touchpoints.account_id,
        count(*) as touchpoint_count
    from stg_landing__touchpoints
    inner join int_identities_stitched
        on int_identities_stitched.identifier = 'anon:' || stg_landing__touchpoints.anonymous_id
    where stg_landing__touchpoints.account_id is not null
    group by 1, 2
),

touchpoint_accounts as (
    select
        person_id,
        account_id,
        0 as is_decision_maker,
        2 as source_priority
    from (
        select
            *,
            row_number() over (
                partition by person_id order by touchpoint_count desc, account_id asc
            ) as account_rank
        from touchpoint_account_counts
    ) as ranked
    where account_rank = 1
),

candidates as (
    select * from contact_accounts
    union all
    select * from touchpoint_accounts
),

final as (
    select
        person_id,
        account_id,
        is_decision_maker = 1 as is_decision_maker,
        source_priority = 1 as is_crm_contact
    from (
        select
            *,
            row_number() over (partition by person_id order by source_priority) as candidate_rank
        from candidates
    ) as ranked
    where candidate_rank = 1
)

select * from final
