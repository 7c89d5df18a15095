-- Fills the dw tables with a synthetic population for the mart tests and
-- scripts/bench-marts.sh. pg_temp.generate_dimensions(customers) once,
-- then pg_temp.generate_sales(...) per simulated file. The facts lie as the
-- loader leaves them: in their months' partitions, every order line and
-- interaction named in the key registries.
create or replace function pg_temp.generate_dimensions(customers integer, first_day date) returns void
language sql as $$
    insert into dw.dim_product (sku, name, category, subcategory, unit_cost, etl_file_id)
    select
        'P' || lpad(i::text, 4, '0'),
        'Product ' || i,
        (array['books', 'garden', 'kitchen', 'music', 'outdoor', 'sports', 'toys', 'wine'])[1 + i % 8],
        -- Three subcategories per category; every 7th product has none.
        case when i % 7 <> 0 then (array['a', 'b', 'c'])[1 + i / 8 % 3] end,
        case when i % 10 = 0 then null else 4 + i % 20 end,
        1
    from generate_series(1, 80) as i;

    insert into dw.dim_channel (channel) values ('web'), ('store'), ('callcenter');

    insert into dw.dim_campaign (campaign_code, name, channel, start_date, cost)
    select 'CMP' || i, 'Campaign ' || i, (array['email', 'sms', 'email', 'social'])[1 + i % 4], first_day + i * 30,
        500 + i * 100
    from generate_series(1, 10) as i;

    -- Every 20th customer moved city: a closed first version and a current one.
    -- Twelve towns in four countries, three acquisition channels; every
    -- 41st customer gave no country or city, every 29th no channel.
    insert into dw.dim_customer (
        customer_id, city, country, acquisition_channel, valid_from, valid_to, is_current, signup_date
    )
    select
        'C' || lpad(i::text, 7, '0'),
        case when i % 41 <> 0 then 'Town ' || i % 12 end,
        case when i % 41 <> 0 then (array['DE', 'DE', 'DE', 'FR', 'FR', 'GB', 'GB', 'US', 'US', 'US', 'US', 'NL'])[1 + i % 12] end,
        case when i % 29 <> 0 then (array['web', 'store', 'referral'])[1 + (i / 12) % 3] end,
        '-infinity',
        case when i % 20 = 0 then first_day + 200 else 'infinity' end,
        i % 20 <> 0,
        first_day
    from generate_series(1, customers) as i;
    insert into dw.dim_customer (customer_id, city, country, acquisition_channel, valid_from, is_current, signup_date)
    select
        'C' || lpad(i::text, 7, '0'),
        case when i % 41 <> 0 then 'New town ' || i % 50 end,
        case when i % 41 <> 0 then (array['DE', 'DE', 'DE', 'FR', 'FR', 'GB', 'GB', 'US', 'US', 'US', 'US', 'NL'])[1 + i % 12] end,
        case when i % 29 <> 0 then (array['web', 'store', 'referral'])[1 + (i / 12) % 3] end,
        first_day + 200, true, first_day
    from generate_series(20, customers, 20) as i;
$$;

-- The key registries, filled as the loader fills them. Functions of their
-- own: a SQL function plans all its statements when it starts, before the
-- month partitions its first statement creates exist, so a read of the
-- facts in the same body would miss the new months' rows.
create or replace function pg_temp.register_order_lines(file_id bigint) returns void
language sql as $$
    insert into dw.order_line_key (order_id, line_no, customer_id, date_key)
    select order_id, line_no, customer_id, date_key from dw.fact_sales where etl_file_id = file_id
    on conflict (order_id, line_no) do nothing;
$$;

create or replace function pg_temp.register_interactions() returns void
language sql as $$
    insert into dw.interaction_key (interaction_id, customer_id, date_key)
    select interaction_id, customer_id, date_key from dw.fact_interaction
    on conflict (interaction_id) do nothing;
$$;

-- orders orders spread over days days from first_day, 1-4 lines each;
-- about 3 % returned a week later, 1 % by the unknown customer.
create or replace function pg_temp.generate_sales(
    customers integer, orders integer, first_day date, days integer, file_id bigint, prefix text
) returns void
language sql as $$
    -- As the loader files lines: in their months' partitions, made first
    -- (returns come a week later), and named in the key registry.
    select dw.ensure_month_partitions(
        'dw.fact_sales', to_char(first_day, 'YYYYMMDD')::integer, to_char(first_day + days + 8, 'YYYYMMDD')::integer);
    with drawn as (
        select
            o,
            prefix || o as order_id,
            case when random() < 0.01 then 0 else 1 + floor(customers * random() ^ 2)::integer end as customer_no,
            first_day + floor(random() * days)::integer + random() * interval '1 day' as ordered_at,
            1 + floor(random() * 4)::integer as line_count,
            1 + floor(random() * 3)::integer as channel_no,
            case when random() < 0.2 then 1 + floor(random() * 10)::integer end as campaign_no,
            random() < 0.03 as returned
        from generate_series(1, orders) as o
    ),
    lines as (
        select
            d.*,
            l as line_no,
            1 + floor(random() * 80)::integer as product_no,
            1 + floor(random() * 3)::integer as quantity
        from drawn as d, generate_series(1, d.line_count) as l
    ),
    keyed as (
        select
            l.*,
            coalesce(c.customer_key, -1) as customer_key,
            coalesce(c.customer_id, 'unknown') as customer_id,
            p.product_key,
            10 + p.product_key % 50 + 0.99 as unit_price,
            ch.channel_key,
            coalesce(cp.campaign_key, -1) as campaign_key
        from lines as l
        left join dw.dim_customer as c
            on c.customer_id = 'C' || lpad(l.customer_no::text, 7, '0')
            and l.ordered_at >= c.valid_from and l.ordered_at < c.valid_to
        join dw.dim_product as p on p.sku = 'P' || lpad(l.product_no::text, 4, '0')
        join dw.dim_channel as ch on ch.channel = (array['web', 'store', 'callcenter'])[l.channel_no]
        left join dw.dim_campaign as cp on cp.campaign_code = 'CMP' || l.campaign_no
    ),
    all_lines as (
        select order_id, line_no, ordered_at, customer_key, customer_id, product_key, channel_key,
            campaign_key, quantity::numeric as quantity, unit_price, false as is_return
        from keyed
        union all
        select 'R' || order_id, line_no, ordered_at + interval '7 days', customer_key, customer_id, product_key,
            channel_key, campaign_key, -quantity, unit_price, true
        from keyed
        where returned and line_no = 1
    )
    insert into dw.fact_sales (
        order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
        campaign_key, quantity, unit_price, amount, currency, amount_base, is_return, etl_run_id, etl_file_id
    )
    select
        order_id, line_no, to_char(ordered_at at time zone 'UTC', 'YYYYMMDD')::integer, ordered_at,
        customer_key, customer_id, product_key, channel_key, campaign_key, quantity, unit_price,
        quantity * unit_price, 'EUR', quantity * unit_price, is_return, 1, file_id
    from all_lines
    -- In time order, as nightly loads leave the facts on disk.
    order by ordered_at, order_id, line_no;
    select pg_temp.register_order_lines(file_id);
$$;

-- Twins: a copy of every step-th customer (id T + theirs) with a copy of
-- each of their order lines, so equal recency, frequency and monetary
-- values exist to check that ties share scores.
create or replace function pg_temp.twin_customers(step integer) returns void
language sql as $$
    insert into dw.dim_customer (customer_id, city, valid_from, is_current, signup_date)
    select distinct 'T' || c.customer_id, c.city, '-infinity'::timestamptz, true, c.signup_date
    from dw.dim_customer as c
    where c.is_current and c.customer_id like 'C%' and substr(c.customer_id, 2)::integer % step = 0;

    insert into dw.fact_sales (
        order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
        campaign_key, quantity, unit_price, amount, currency, amount_base, is_return, etl_run_id, etl_file_id
    )
    select
        'T' || s.order_id, s.line_no, s.date_key, s.ordered_at, t.customer_key, t.customer_id, s.product_key,
        s.channel_key, s.campaign_key, s.quantity, s.unit_price, s.amount, s.currency, s.amount_base, s.is_return,
        s.etl_run_id, s.etl_file_id
    from dw.fact_sales as s
    join dw.dim_customer as t on t.customer_id = 'T' || s.customer_id
    order by s.ordered_at;
    insert into dw.order_line_key (order_id, line_no, customer_id, date_key)
    select order_id, line_no, customer_id, date_key from dw.fact_sales where customer_id like 'T%'
    on conflict (order_id, line_no) do nothing;
$$;

-- Orders whose lines fall on two days, in two channels and categories: a
-- share of orders (half of those ending on a month's last day) gets one
-- more line a day after its last one, in the next channel, with a product
-- of another category, from file file_id. With only_day: every order whose
-- last line is on that day, and no other.
create or replace function pg_temp.split_orders(
    share double precision, file_id bigint, only_day date default null
) returns void
language sql as $$
    with orders as (
        select
            order_id,
            max(line_no) as line_no,
            bool_or(extract(day from ordered_at + interval '1 day') = 1) as at_month_end,
            max(ordered_at)::date as last_day
        from dw.fact_sales
        where not is_return and customer_id <> 'unknown'
        group by order_id
    ),
    picked as (
        select s.*
        from orders as o
        join dw.fact_sales as s using (order_id, line_no)
        where case
            when only_day is not null then o.last_day = only_day
            else random() < case when o.at_month_end then 0.5 else share end
        end
    )
    insert into dw.fact_sales (
        order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
        campaign_key, quantity, unit_price, amount, currency, amount_base, is_return, etl_run_id, etl_file_id
    )
    select
        p.order_id, p.line_no + 100, to_char((p.ordered_at + interval '1 day') at time zone 'UTC', 'YYYYMMDD')::integer,
        p.ordered_at + interval '1 day', p.customer_key, p.customer_id,
        (
            select q.product_key
            from dw.dim_product as q, dw.dim_product as r
            where r.product_key = p.product_key and q.category <> r.category and q.product_key > 0
            order by q.product_key
            limit 1
        ),
        coalesce(
            (select min(c.channel_key) from dw.dim_channel as c where c.channel_key > p.channel_key),
            (select min(c.channel_key) from dw.dim_channel as c where c.channel_key > 0)),
        p.campaign_key, p.quantity, p.unit_price, p.amount, p.currency, p.amount_base, false, p.etl_run_id, file_id
    from picked as p
    order by 4;
    insert into dw.order_line_key (order_id, line_no, customer_id, date_key)
    select order_id, line_no, customer_id, date_key from dw.fact_sales where etl_file_id = file_id and line_no > 100
    on conflict (order_id, line_no) do nothing;
$$;

-- Campaign contacts: each contacted customer is sent 1-6 mails a month of
-- the campaign; some open, respond or unsubscribe. Scores for 60 %. Calls
-- without a campaign for 10 %.
create or replace function pg_temp.generate_contacts(customers integer, first_day date, days integer) returns void
language sql as $$
    select dw.ensure_month_partitions(
        'dw.fact_interaction', to_char(first_day, 'YYYYMMDD')::integer,
        to_char(first_day + days + 20, 'YYYYMMDD')::integer);
    with contacts as (
        select
            c.customer_key,
            c.customer_id,
            1 + floor(random() * 10)::integer as campaign_no,
            first_day + floor(random() * days)::integer + random() * interval '1 day' as occurred_at,
            random() as roll,
            2 + floor(random() * 5)::integer as touch_count,
            g
        from dw.dim_customer as c, generate_series(1, 3) as g
        where c.is_current and c.customer_key <> -1 and random() < 0.4
    ),
    touches as (
        select
            t.*,
            k,
            case
                when k = 1 then 'sent'
                when k = 2 and t.roll < 0.15 then 'responded'
                when k = 2 and t.roll > 0.97 then 'unsubscribe'
                when k = 2 then 'opened'
                else 'sent'
            end as interaction_type
        from contacts as t, generate_series(1, t.touch_count) as k
    )
    insert into dw.fact_interaction (
        interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
        interaction_type, etl_run_id, etl_file_id
    )
    select
        t.customer_id || '-' || t.g || '-' || t.k,
        t.occurred_at + (t.k - 1) * interval '2 days',
        to_char((t.occurred_at + (t.k - 1) * interval '2 days') at time zone 'UTC', 'YYYYMMDD')::integer,
        t.customer_key, t.customer_id, -1, cp.campaign_key, t.interaction_type, 1, 1
    from touches as t
    join dw.dim_campaign as cp on cp.campaign_code = 'CMP' || t.campaign_no;

    insert into dw.clv_model (model_version, as_of, time_unit, bgnbd_params, log_likelihood, converged, customers)
    values ('synthetic', first_day + days, 'week', '{}', 0, true, customers);
    insert into dw.customer_score (customer_id, as_of, model_version, p_alive, expected_purchases, clv, horizon_months)
    select customer_id, first_day + days, 'synthetic', random(), random() * 5, round((random() * 500)::numeric, 2), 12
    from dw.dim_customer
    where is_current and customer_key <> -1 and random() < 0.6;

    -- Contacts without a campaign on the call centre's channel (campaign
    -- touches above name none: they take their campaign's): service calls,
    -- and outbound calls (sent), some answered by a response a day later.
    with calls as (
        select
            c.customer_key,
            c.customer_id,
            first_day + floor(random() * days)::integer + random() * interval '1 day' as occurred_at,
            random() as roll
        from dw.dim_customer as c
        where c.is_current and c.customer_key <> -1 and random() < 0.1
    )
    insert into dw.fact_interaction (
        interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
        interaction_type, etl_run_id, etl_file_id
    )
    select
        'call-' || t.customer_id || '-' || k,
        t.occurred_at + (k - 1) * interval '1 day',
        to_char((t.occurred_at + (k - 1) * interval '1 day') at time zone 'UTC', 'YYYYMMDD')::integer,
        t.customer_key, t.customer_id, ch.channel_key, -1,
        case when t.roll < 0.5 then 'call' when k = 1 then 'sent' else 'responded' end, 1, 1
    from calls as t
    join dw.dim_channel as ch on ch.channel = 'callcenter'
    cross join generate_series(1, case when t.roll >= 0.5 and t.roll < 0.8 then 2 else 1 end) as k;
    select pg_temp.register_interactions();
$$;
