import Foundation
import PostgresClient

/// The tier mix k months ahead: the transitions between the last two
/// snapshot months (mart.value_migration) applied k times to the mix of the
/// latest month. Lapsed is a state, so the base is closed: new customers
/// acquired after today are not part of the forecast.
enum ValueForecastReport {
    static let tiers = ["top", "high", "medium", "low", "lapsed"]

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        let steps = parameters.months ?? 12
        let migration = try ReportQuery.table(
            connection,
            """
            select from_rank, to_rank, customers
            from mart.value_migration(null, date_trunc('month', $1::date)::date)
            """, ReportParameters(asOf: parameters.asOf))
        var counts = Array(repeating: Array(repeating: 0, count: tiers.count), count: tiers.count)
        for row in migration.rows {
            guard let from = row[0].flatMap({ Int($0) }), let to = row[1].flatMap({ Int($0) }),
                let customers = row[2].flatMap({ Int($0) })
            else { continue }
            counts[from - 1][to - 1] += customers
        }
        let now = tiers.indices.map { j in Double(counts.reduce(0) { $0 + $1[j] }) }
        let total = now.reduce(0, +)
        let chain = MarkovForecast(counts: counts)
        let ahead = chain.forecast(now, steps: steps)
        let table = ReportTable(
            columns: [
                .init("value_tier", .text), .init("customers_now", .number), .init("share_now", .number),
                .init("forecast_customers", .number), .init("forecast_share", .number),
            ],
            rows: tiers.indices.map { index in
                [
                    tiers[index], String(Int(now[index])), share(now[index], total),
                    String(format: "%.1f", ahead[index]), share(ahead[index], total),
                ]
            })
        let matrix = ReportTable(
            columns: [.init("from_tier", .text)] + tiers.map { .init($0, .number) },
            rows: tiers.indices.map { i in [tiers[i]] + chain.matrix[i].map { String(format: "%.4f", $0) } })
        return [
            ReportSection(title: "Tier mix forecast \(steps) months ahead", table: table),
            ReportSection(title: "Monthly transition matrix", table: matrix),
        ]
    }

    static func share(_ part: Double, _ total: Double) -> String? {
        total > 0 ? String(format: "%.4f", part / total) : nil
    }
}
