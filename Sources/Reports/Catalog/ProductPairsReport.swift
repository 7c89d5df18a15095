import PostgresClient

/// Product pairs: an empty answer names the threshold and the window, the
/// two things that decide whether any pair qualifies.
enum ProductPairsReport {
    static func explainEmpty(_ connection: Connection, _ parameters: ReportParameters) throws -> String {
        let row = try connection.query(
            """
            select mart.setting('product_pair_min_orders')::integer::text,
                ((coalesce($1::date, mart.default_as_of()) - make_interval(months => coalesce($2::integer, 1)))::date + 1)::text,
                coalesce($1::date, mart.default_as_of())::text
            """, [parameters.asOf, parameters.months]).rows[0]
        let months = parameters.months ?? 1
        return "no two products were bought together in at least \(row[0] ?? "?") orders "
            + "(analysis.product_pair_min_orders) from \(row[1] ?? "?") to \(row[2] ?? "?") (\(months) month\(months == 1 ? "" : "s")); "
            + "a longer --months or a lower product_pair_min_orders finds pairs"
    }
}
