import PostgresClient

/// Multi-promotion response patterns: customers by campaigns responded to,
/// against campaigns reached, the response rate by contact number, and the
/// sequences of channels and of campaign types up to first responses
/// (sql/marts/23_promotion_patterns.sql).
enum PromotionPatternsReport {
    static let definition = ReportDefinition(
        name: "promotion_patterns", title: "Multi-promotion response patterns",
        summary: "Customers by campaigns responded to and reached, response rate by contact number (decay), channel and campaign type sequences up to the first response (--months: campaigns started in the last N months)",
        produce: sections)

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        guard let asOf = parameters.asOf, try mayCreateTemporaryTables(connection) else {
            return try tables(connection, parameters)
        }
        // Every section reads the contacts known at the as-of date: computed
        // once (mart.promotion_cache) for the transaction, not per section.
        return try connection.transaction {
            _ = try ReportQuery.table(connection, "select mart.promotion_cache($1::date)", binds: [asOf])
            return try tables(connection, parameters)
        }
    }

    /// The cache is temporary tables; a role without the privilege (the
    /// analysts of crmwh grants) computes the contacts for each section.
    static func mayCreateTemporaryTables(_ connection: Connection) throws -> Bool {
        try connection.query("select has_database_privilege(current_database(), 'temporary')").bool(0, 0) == true
    }

    static func tables(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        func section(_ title: String, _ function: String, _ arguments: String = "") throws -> ReportSection {
            ReportSection(
                title: title,
                table: try ReportQuery.table(
                    connection, "select * from mart.\(function)($1::date, $2::integer\(arguments))", parameters))
        }
        return [
            try section("Customers by campaigns responded to", "promotion_response_counts"),
            try section("Campaigns reached against responded to", "promotion_reach_responses"),
            try section("Response rate by contact number", "promotion_response_decay"),
            try section("Channel sequences up to the first response", "promotion_response_paths", ", 'channel'"),
            try section(
                "Campaign type sequences up to the first response", "promotion_response_paths", ", 'campaign_type'"),
        ]
    }
}
