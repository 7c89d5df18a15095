import Foundation
import PostgresClient

/// The management pack: headline KPI cards, then value, migration,
/// retention, CLV, campaigns, channels, products and markets, each with a
/// sentence or two written from the numbers and its charts. Built from the
/// catalog's reports, so every figure is one a report shows.
public struct ManagementPack {
    public struct Topic {
        public var title: String
        public var sentences: [String]
        var charts: [any Chart]
    }

    public var context: ReportContext
    public var month: String?
    var cards: [KPICard]
    public var topics: [Topic]

    public static let title = "Customer value — management pack"

    /// Runs the reports the pack draws on.
    public static func build(
        _ connection: Connection, parameters: ReportParameters, context: ReportContext
    ) throws -> ManagementPack {
        let currency = context.baseCurrency
        func run(_ name: String, _ parameters: ReportParameters = parameters) throws -> ReportDocument {
            try ReportCatalog.named(name).run(connection, parameters)
        }
        func table(_ document: ReportDocument, _ title: String? = nil) -> ReportTable? {
            (title.flatMap { title in document.sections.first { $0.title == title } } ?? document.sections.first)?.table
        }
        func charts(_ document: ReportDocument, section: Int = 0, only kinds: [String]? = nil) -> [any Chart] {
            let all = ReportFigures.charts(
                for: document, currency: currency, campaignNames: context.campaignNames)[section] ?? []
            guard let kinds else { return all }
            let ids = kinds.map { Markup.slug("\(document.name)-\(section)-\($0)") }
            return all.filter { ids.contains($0.info.id) }
        }

        let kpis = try run("kpi_monthly")
        let kpiTable = table(kpis) ?? ReportTable(columns: [], rows: [])
        let headline = KPICards.cards(kpiTable)
        let tiers = try run("customer_value")
        let previousTiers = try context.asOf.flatMap(Self.previousMonthEnd).map {
            try run("customer_value", ReportParameters(asOf: $0))
        }
        let migration = try run("value_migration")
        // Cohort retention covers every month: the pack keeps the months up to the as-of date.
        var retention = try run("cohort_retention", ReportParameters())
        if let asOf = context.asOf { retention.sections = retention.sections.map { Self.cohorts($0, through: asOf) } }
        let segments = try run("customer_rfm")
        // As of a past day the campaign report reads what was known then.
        let campaigns = try run("campaign_response")
        let channels = try run("channel_mix")
        let products = try run("product_structure")
        let market = try run("market")

        let tierTable = table(tiers)!
        var topics: [Topic] = []
        topics.append(Topic(
            title: "Value", sentences: [PackNarrative.value(tierTable, previous: previousTiers.flatMap { table($0) })].compactMap { $0 },
            charts: charts(tiers, only: ["pareto"])))
        topics.append(Topic(
            title: "Tier migration", sentences: [table(migration).flatMap(PackNarrative.migration)].compactMap { $0 },
            charts: charts(migration)))
        topics.append(Topic(
            title: "Retention", sentences: [table(retention).flatMap { PackNarrative.retention($0) }].compactMap { $0 },
            charts: charts(retention, only: ["heatmap"])))
        let averageCLV = kpiTable.values("average_predicted_clv").last ?? nil
        // The CLV distribution from the clv report (no chart while nothing is scored).
        let clvReport = try run("clv")
        let clvDeciles = clvReport.sections.indices.flatMap { charts(clvReport, section: $0, only: ["deciles"]) }
        topics.append(Topic(
            title: "Customer lifetime value",
            sentences: [PackNarrative.clv(tiers: tierTable, average: averageCLV, currency: currency)].compactMap { $0 },
            charts: (clvDeciles + CLVFigures.charts(tiers: tierTable, segments: table(segments), currency: currency))
                .filter(\.hasPlottedValue)))
        topics.append(Topic(
            title: "Campaigns",
            sentences: [table(campaigns).flatMap { PackNarrative.campaigns($0, asOf: context.asOf, currency: currency) }]
                .compactMap { $0 },
            charts: charts(campaigns, only: ["uplift"])))
        topics.append(Topic(
            title: "Channels",
            sentences: [table(channels).flatMap { PackNarrative.channels($0, usage: table(channels, "Single- and multichannel customers")) }]
                .compactMap { $0 },
            charts: charts(channels, only: ["mix"])))
        topics.append(Topic(
            title: "Products",
            sentences: [table(products, "Revenue by category").flatMap {
                PackNarrative.products($0, concentration: table(products, "Revenue concentration"))
            }].compactMap { $0 },
            charts: charts(products, only: ["pareto"])))
        topics.append(Topic(
            title: "Markets", sentences: [table(market).flatMap { PackNarrative.markets($0, currency: currency) }].compactMap { $0 },
            charts: charts(market, only: ["countries"])))
        var pack = ManagementPack(context: context, month: headline?.month, cards: headline?.cards ?? [], topics: topics)
        pack.trends = charts(kpis, only: ["revenue", "customers"])
        return pack
    }

    /// The KPI trend charts under the cards.
    var trends: [any Chart] = []

    init(context: ReportContext, month: String?, cards: [KPICard], topics: [Topic]) {
        self.context = context
        self.month = month
        self.cards = cards
        self.topics = topics
    }

    /// The rows of a cohort table whose month (cohort + months since) is complete by `asOf`.
    static func cohorts(_ section: ReportSection, through asOf: String) -> ReportSection {
        guard let cohort = section.table.columnIndex("cohort"), let since = section.table.columnIndex("months_since")
        else { return section }
        let asOfMonth = String(asOf.prefix(7))
        let monthEnd = previousMonthEnd(MonthLabel.shift(asOfMonth, by: 1) + "-01")
        let lastComplete = asOf == monthEnd ? asOfMonth : MonthLabel.shift(asOfMonth, by: -1)
        var copy = section
        copy.table.rows = section.table.rows.filter { row in
            guard let start = row[cohort], let months = row[since].flatMap({ Int($0) }) else { return false }
            return MonthLabel.shift(String(start.prefix(7)), by: months) <= lastComplete
        }
        return copy
    }

    /// The last day of the month before `asOf`'s month.
    static func previousMonthEnd(_ asOf: String) -> String? {
        guard let date = ReportParameters.calendarDate(String(asOf.prefix(8)) + "01") else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date.addingTimeInterval(-86_400))
    }
}
