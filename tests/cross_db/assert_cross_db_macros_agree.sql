{#- The cross-database macros give the same results on every engine: each
    case is an input and the value DuckDB gives (the reference); the test
    returns the cases where this engine differs. It runs on DuckDB and on
    Spark (`make test-spark`), so a macro drifting on either engine fails. -#}
with

timestamp_cases as (

    select
        cases.input_text,
        cases.expected_text
    from (
        values
        ('2026-03-04T10:15:00-03:00', '2026-03-04 13:15:00'),
        ('2026-03-04T10:15:00Z', '2026-03-04 10:15:00'),
        ('2026-03-04 10:15:00', '2026-03-04 10:15:00'),
        ('2026-03-04T10:15:00.5+05:30', '2026-03-04 04:45:00.5'),
        ('2026-03-04T10:15:00.1234567Z', '2026-03-04 10:15:00.123456'),
        ('2026-03-04T10:15:00-0300', '2026-03-04 13:15:00'),
        ('2026-03-04 10:15:00 UTC', '2026-03-04 10:15:00'),
        ('2026-03-04T10:15', '2026-03-04 10:15:00'),
        (' 2026-03-04 ', '2026-03-04 00:00:00'),
        ('2026', null),
        ('2026-03', null),
        ('2026-03-04T10', null),
        ('2026-03-04T10:15:00 +01:00', null),
        ('2026-03-04T10:15:00GMT+1', null),
        ('garbage', null),
        (null, null)
    ) as cases (input_text, expected_text)

),

timestamp_failures as (

    select
        'parse_timestamp_utc' as macro_name,
        input_text
    from timestamp_cases
    where not (
        {{ parse_timestamp_utc('input_text') }} is not distinct from cast(expected_text as timestamp)
    )

),

integer_cases as (

    select
        cases.input_text,
        cases.expected_value
    from (
        values
        ('12', 12),
        (' 12 ', 12),
        ('+5', 5),
        ('12.5', 13),
        ('-2.5', -3),
        ('12.4', 12),
        ('1e3', 1000),
        ('1_000', 1000),
        ('0x1F', 31),
        ('0b101', 5),
        ('9223372036854775807', 9223372036854775807),
        ('9223372036854775808', null),
        ('1,000', null),
        ('1__0', null),
        ('abc', null),
        ('', null)
    ) as cases (input_text, expected_value)

),

integer_failures as (

    select
        'try_cast bigint' as macro_name,
        input_text
    from integer_cases
    where not (
        {{ try_cast('input_text', dbt.type_bigint()) }}
        is not distinct from cast(expected_value as {{ dbt.type_bigint() }})
    )

),

decimal_cases as (

    select
        cases.input_text,
        cases.expected_text
    from (
        values
        ('80.00', '80.0000'),
        ('12.34567', '12.3457'),
        ('1_000.5', '1000.5000'),
        ('1e3', '1000.0000'),
        ('-1', '-1.0000'),
        ('99999999999999999999', null),
        ('0x1F', null),
        ('n/a', null)
    ) as cases (input_text, expected_text)

),

decimal_failures as (

    select
        'try_cast decimal' as macro_name,
        input_text
    from decimal_cases
    where not (
        {{ try_cast('input_text', 'decimal(18, 4)') }} is not distinct from cast(expected_text as decimal(18, 4))
    )

),

date_cases as (

    select
        cases.input_text,
        cases.expected_text
    from (
        values
        ('2026-03-04', '2026-03-04'),
        ('2026-3-4', '2026-03-04'),
        ('2026-03-04T10:15:00Z', '2026-03-04'),
        ('2026-03', null),
        ('2026', null),
        ('2026-02-30', null),
        ('2026-03-04T', null),
        ('2026-03-04T25:00:00', null),
        ('04/03/2026', null)
    ) as cases (input_text, expected_text)

),

date_failures as (

    select
        'try_cast date' as macro_name,
        input_text
    from date_cases
    where not (
        {{ try_cast('input_text', 'date') }} is not distinct from cast(expected_text as date)
    )

),

url_cases as (

    select
        cases.input_text,
        cases.expected_text
    from (
        values
        ('https://x.com/?a=1&utm_campaign=spring%20sale+x&b=2', 'spring sale+x'),
        ('https://x.com/p?utm_campaign=bad%zzescape|pipe', 'bad%zzescape|pipe'),
        ('https://x.com/p?utm_campaign=100%', '100%'),
        ('https://x.com/p?utm_campaign=caf%C3%A9#top', 'café'),
        ('https://x.com/p?utm_campaign=&b=1', null),
        ('https://x.com/p?not_utm_campaign=x', null),
        ('https://x.com/p', null),
        (null, null)
    ) as cases (input_text, expected_text)

),

url_failures as (

    select
        'url_parameter' as macro_name,
        input_text
    from url_cases
    where not ({{ url_parameter('input_text', 'utm_campaign') }} is not distinct from expected_text)

),

sanitized_url_cases as (

    select
        cases.input_text,
        cases.expected_text
    from (
        values
        ('https://x.com/p?utm_source=a&email=ann%40acme.com&gclid=G&t=1#top', 'https://x.com/p?utm_source=a&gclid=G'),
        ('https://x.com/p?next=/b?c=1&&utm_term=ann@acme.com&fbclid=F', 'https://x.com/p?fbclid=F'),
        (' https://x.com/p?UTM_SOURCE=a&not_utm_x=1 ', 'https://x.com/p'),
        ('mailto:ann@acme.com', null),
        ('', null),
        (null, null)
    ) as cases (input_text, expected_text)

),

sanitized_url_failures as (

    select
        'sanitize_url' as macro_name,
        input_text
    from sanitized_url_cases
    where not ({{ sanitize_url('input_text') }} is not distinct from expected_text)

),

regexp_cases as (

    select
        cases.input_text,
        cases.expected_match,
        cases.expected_domain
    from (
        values
        ('ana.lima@acme.com', true, 'ana.lima@acme.com'),
        ('bad-email@', false, 'bad-email@'),
        ('https://www.Acme.com/path?q=1', false, 'acme.com'),
        ('www2.zed.io:8080/x', false, 'zed.io'),
        ('acme.com.', false, 'acme.com'),
        ('a|b\\c', false, 'a|b\\c')
    ) as cases (input_text, expected_match, expected_domain)

),

regexp_failures as (

    select
        'regexp_like / regexp_replace_all' as macro_name,
        input_text
    from regexp_cases
    where
        not (
            {{ regexp_like('input_text', "^[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$") }}
            is not distinct from expected_match
        )
        or not ({{ normalize_domain('input_text') }} is not distinct from lower(expected_domain))
        or not (
            {{ regexp_like_expr('input_text', "'^[a-z]'") }}
            is not distinct from (substr(input_text, 1, 1) between 'a' and 'z')
        )

),

hash_failures as (

    select
        'row_hash' as macro_name,
        'a|b, null, empty' as input_text
    where
        {{ row_hash(["'a|b'", 'null', "''"]) }} != '698b136a2e772206fa6c23b470fe45f7'

),

duration_failures as (

    select
        'days_between' as macro_name,
        '2026-03-01 .. 2026-03-02 12:00' as input_text
    where
        {{ days_between("cast('2026-03-01 00:00:00' as timestamp)", "cast('2026-03-02 12:00:00' as timestamp)") }}
        != 1.5

),

median_failures as (

    select
        'median' as macro_name,
        '1, 2, 3, 4, null' as input_text
    from (
        values (1), (2), (3), (4), (null)
    ) as cases (input_value)
    having not ({{ median('cases.input_value') }} is not distinct from 2.5)

),

rounding_cases as (

    select
        cases.input_text,
        cases.digits,
        cases.expected_text
    from (
        values
        ('1.15', 1, '1.2'),
        ('1.149', 1, '1.1'),
        ('2.25', 1, '2.3'),
        ('455.835', 2, '455.84'),
        ('455.8349', 2, '455.83'),
        ('-2.5', 0, '-3'),
        ('-0.04', 1, '0'),
        ('0', 2, '0')
    ) as cases (input_text, digits, expected_text)

),

rounding_failures as (

    -- the engines' own round() of a double differ on 1.15 and 455.835
    select
        'round_half_away' as macro_name,
        input_text
    from rounding_cases
    where
        case digits
            when 0 then {{ round_half_away('cast(input_text as double)', 0) }}
            when 1 then {{ round_half_away('cast(input_text as double)', 1) }}
            when 2 then {{ round_half_away('cast(input_text as double)', 2) }}
        end
        != cast(expected_text as double)

),

ratio_cases as (

    select
        cases.case_name,
        cast(cases.numerator_text as decimal(18, 2)) as numerator_value,
        cast(cases.denominator_text as {{ dbt.type_bigint() }}) as denominator_value,
        cast(cases.expected_text as double) as expected_value
    from (
        values
        ('3 / 2', '3', '2', '1.5'),
        ('0 / 4', '0', '4', '0'),
        ('-1 / 4', '-1', '4', '-0.25'),
        ('1 / 0', '1', '0', null),
        ('0 / 0', '0', '0', null),
        ('null / 2', null, '2', null),
        ('1 / null', '1', null, null)
    ) as cases (case_name, numerator_text, denominator_text, expected_text)

),

ratio_failures as (

    -- null when either side is null or the denominator is 0 (docs/metrics.md#ratios-money-and-nulls)
    select
        'safe_ratio' as macro_name,
        case_name as input_text
    from ratio_cases
    where not (
        {{ safe_ratio('numerator_value', 'denominator_value') }} is not distinct from expected_value
    )

),

sum_cases as (

    select
        cases.case_name,
        cast(cases.value_text as double) as input_value,
        cast(cases.expected_text as double) as expected_total
    from (
        values
        ('0.1 + 0.2 + 0.3', '0.1', '0.6'),
        ('0.1 + 0.2 + 0.3', '0.2', '0.6'),
        ('0.1 + 0.2 + 0.3', '0.3', '0.6'),
        ('1 + 1e-17 - 1', '1', '1e-17'),
        ('1 + 1e-17 - 1', '1e-17', '1e-17'),
        ('1 + 1e-17 - 1', '-1', '1e-17')
    ) as cases (case_name, value_text, expected_text)

),

sum_failures as (

    -- added exactly, so the same total in any order (as doubles, 0.1 + 0.2 +
    -- 0.3 is 0.6000000000000001 and 1 + 1e-17 - 1 is 0; other orders give
    -- 0.6 and 1e-17)
    select
        'exact_sum' as macro_name,
        case_name as input_text
    from sum_cases
    group by case_name
    having {{ exact_sum('input_value') }} != max(expected_total)

    union all

    select distinct
        'exact_sum over' as macro_name,
        case_name as input_text
    from (
        select
            case_name,
            expected_total,
            {{ exact_sum('input_value', over='partition by case_name') }} as total
        from sum_cases
    ) as windowed
    where total != expected_total

),

final as (

    select * from timestamp_failures
    union all
    select * from integer_failures
    union all
    select * from decimal_failures
    union all
    select * from date_failures
    union all
    select * from url_failures
    union all
    select * from sanitized_url_failures
    union all
    select * from regexp_failures
    union all
    select * from hash_failures
    union all
    select * from duration_failures
    union all
    select * from median_failures
    union all
    select * from rounding_failures
    union all
    select * from ratio_failures
    union all
    select * from sum_failures

)

select * from final
