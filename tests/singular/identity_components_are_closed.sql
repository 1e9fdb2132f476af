{#- The two ends of every identity edge belong to one person, and each person's identifier count
    is its number of identifiers: fails when a bounded closure (Spark, var
    identity_closure_rounds) stopped before a component was complete. -#}
with

int_identity_edges_collected as (
    select * from {{ ref('int_identity_edges_collected') }}
),

int_identities_stitched as (
    select * from {{ ref('int_identities_stitched') }}
),

split_edges as (
    select
        int_identity_edges_collected.node_a,
        int_identity_edges_collected.node_b
    from int_identity_edges_collected
    inner join int_identities_stitched as stitched_a
        on int_identity_edges_collected.node_a = stitched_a.identifier
    inner join int_identities_stitched as stitched_b
        on int_identity_edges_collected.node_b = stitched_b.identifier
    where stitched_a.person_id <> stitched_b.person_id
),

miscounted_people as (
    select
        person_id,
        count(*) as identifiers,
        min(identifier_count) as smallest_count,
        max(identifier_count) as largest_count
    from int_identities_stitched
    group by 1
    having count(*) <> min(identifier_count) or count(*) <> max(identifier_count)
),

final as (
    select
        node_a as problem,
        'edge between two people' as reason
    from split_edges
    union all
    select
        person_id as problem,
        'identifier count differs from the identifiers of the person' as reason
    from miscounted_people
)

select * from final
