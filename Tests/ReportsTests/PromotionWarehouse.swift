import Feeds
import Foundation
import Generator
import Logging
import PostgresClient
import Reports
import TestSupport
import Warehouse
import XCTest

/// 30,000 generated customers loaded and refreshed, the decay section
/// taken, then a nightly file of cases the generator does not make,
/// refreshed incrementally, and the interactions and campaigns read back
/// for PromotionReference: built once per test process.
final class PromotionWarehouse {
    let builder: WarehouseBuilder
    let manifest: Manifest
    /// The decay section right after the generated feeds were loaded.
    let plantedDecay: ReportTable
    let touches: [PromotionReference.Touch]
    let campaigns: [PromotionReference.Campaign]
    /// The refresh after the edge cases rebuilt everything (it should not).
    let nightlyWasFull: Bool

    init() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmwh-promotion-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        manifest = try FeedGenerator(options: GeneratorOptions(
            customers: 30_000, transactions: 60_000, outputDirectory: directory, seed: 11)).run()
        builder = try WarehouseBuilder(prefix: "promotion_generated")
        try GeneratedFeedLoad.load(directory: directory, into: builder.connection)
        try builder.refresh()
        plantedDecay = try XCTUnwrap(try Self.report(builder)["Response rate by contact number"])
        try builder.connection.execute(Self.edgeCases)
        nightlyWasFull = try builder.refresh().isFull
        touches = try builder.connection.query(
            """
            select i.customer_id, case when i.campaign_key <> -1 then c.campaign_code end, i.interaction_type,
                i.is_control::text, extract(epoch from i.occurred_at)::text,
                to_char(to_date(i.date_key::text, 'YYYYMMDD'), 'YYYY-MM-DD')
            from dw.fact_interaction as i
            join dw.dim_campaign as c using (campaign_key)
            """
        ).rows.map {
            PromotionReference.Touch(
                customerID: $0[0]!, campaign: $0[1], type: $0[2]!, isControl: $0[3] == "true",
                epoch: Double($0[4]!)!, day: Day($0[5]!))
        }
        campaigns = try builder.connection.query(
            """
            select campaign_code, channel, campaign_type, start_date::text
            from dw.dim_campaign where campaign_key <> -1
            """
        ).rows.map {
            PromotionReference.Campaign(code: $0[0]!, channel: $0[1], type: $0[2], start: $0[3].map(Day.init))
        }
    }

    /// A nightly file's worth of cases the generator does not make.
    static let edgeCases = """
        create temporary table edge_file as
        select max(etl_file_id) + 1 as file_id, max(etl_run_id) as run_id from dw.fact_interaction;
        -- The email campaign without control group that reached most customers.
        create temporary table edge_base as
        select c.campaign_key, c.start_date
        from dw.dim_campaign as c
        join mart.campaign_touch as t using (campaign_key)
        where c.channel = 'email'
        group by c.campaign_key, c.start_date, c.campaign_code
        having not bool_or(t.is_control)
        order by count(*) desc, c.campaign_code
        limit 1;
        create temporary table edge_rows (
            customer_id text, campaign_key bigint, interaction_type text, occurred_at timestamptz,
            is_control boolean default false);
        -- A social campaign starting the same day, reaching a third of its
        -- customers; a third of those respond the next day.
        insert into dw.dim_campaign (campaign_code, name, channel, campaign_type, start_date, etl_file_id)
        select 'EDGE-SAME-DAY', 'Same day', 'social', 'referral', start_date, (select file_id from edge_file)
        from edge_base;
        with reached as (
            select t.customer_id, row_number() over (order by t.customer_id) as n, b.start_date
            from mart.campaign_touch as t
            join edge_base as b using (campaign_key)
        )
        insert into edge_rows (customer_id, campaign_key, interaction_type, occurred_at)
        select r.customer_id, c.campaign_key, x.type, r.start_date + x.after
        from reached as r
        cross join dw.dim_campaign as c
        cross join (values ('sent', interval '10 hours'), ('responded', interval '1 day 2 hours')) as x(type, after)
        where c.campaign_code = 'EDGE-SAME-DAY' and r.n % 3 = 0 and (x.type = 'sent' or r.n % 9 = 0);
        -- A campaign the campaigns feed never named: no channel or type,
        -- and it starts on the day of its first interaction.
        insert into dw.dim_campaign (campaign_code, is_inferred, etl_file_id)
        values ('EDGE-INFERRED', true, (select file_id from edge_file));
        with reached as (
            select t.customer_id, row_number() over (order by t.customer_id desc) as n
            from (select distinct customer_id from mart.campaign_touch) as t
        )
        insert into edge_rows (customer_id, campaign_key, interaction_type, occurred_at)
        select r.customer_id, c.campaign_key, x.type,
            case when r.n = 1 and x.type = 'sent' then timestamptz '2025-03-03 23:30+00'
                else timestamptz '2025-03-05 09:00+00' + x.after end
        from reached as r
        cross join dw.dim_campaign as c
        cross join (values ('sent', interval '0'), ('responded', interval '1 day')) as x(type, after)
        where c.campaign_code = 'EDGE-INFERRED' and r.n <= 150 and (x.type = 'sent' or r.n % 5 = 0);
        -- Touches without campaign, responses among them, for customers
        -- who never responded to a campaign.
        insert into edge_rows (customer_id, campaign_key, interaction_type, occurred_at)
        select t.customer_id, -1, x.type, timestamptz '2025-06-10 12:00+00' + x.after
        from (
            select customer_id from mart.campaign_touch
            group by customer_id having count(responded_at) = 0
            order by customer_id limit 300
        ) as t
        cross join (values ('sent', interval '0'), ('responded', interval '1 hour'), ('call', interval '2 hours'))
            as x(type, after);
        -- Responses matched back to held-out customers.
        insert into edge_rows (customer_id, campaign_key, interaction_type, occurred_at, is_control)
        select t.customer_id, t.campaign_key, 'responded', t.start_date + interval '2 days', true
        from mart.campaign_touch as t
        where t.is_control
        order by t.customer_id, t.campaign_key
        limit 50;
        insert into dw.fact_interaction (
            interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
            interaction_type, is_control, etl_run_id, etl_file_id
        )
        select
            'EDGE-' || row_number() over (order by e.customer_id, e.campaign_key, e.interaction_type, e.occurred_at),
            e.occurred_at, to_char(e.occurred_at at time zone 'UTC', 'YYYYMMDD')::integer,
            coalesce(d.customer_key, -1), e.customer_id, -1, e.campaign_key, e.interaction_type, e.is_control,
            f.run_id, f.file_id
        from edge_rows as e
        cross join edge_file as f
        left join dw.dim_customer as d on d.customer_id = e.customer_id and d.is_current;
        -- An SMS campaign moved to another channel, and another campaign
        -- to another type, by a campaigns file.
        update dw.dim_campaign
        set channel = 'push', etl_file_id = (select file_id from edge_file)
        where campaign_code = (select min(campaign_code) from dw.dim_campaign where channel = 'sms');
        update dw.dim_campaign
        set campaign_type = 'reactivation', etl_file_id = (select file_id from edge_file)
        where campaign_code = (select max(campaign_code) from dw.dim_campaign where channel = 'email');
        analyze dw.fact_interaction;
        """

    /// Built once per test process; a failure is kept too, so each test
    /// reports it without building again.
    nonisolated(unsafe) private static var instance: Result<PromotionWarehouse, any Error>?
    private static let lock = NSLock()

    static func shared() throws -> PromotionWarehouse {
        try lock.withLock {
            if let instance { return try instance.get() }
            let made = Result { try PromotionWarehouse() }
            instance = made
            return try made.get()
        }
    }

    /// Report promotion_patterns: its sections' tables by title.
    static func report(_ builder: WarehouseBuilder, _ parameters: ReportParameters = ReportParameters()) throws
        -> [String: ReportTable]
    {
        let document = try ReportCatalog.named("promotion_patterns").run(builder.connection, parameters)
        return Dictionary(uniqueKeysWithValues: document.sections.map { ($0.title, $0.table) })
    }
}
