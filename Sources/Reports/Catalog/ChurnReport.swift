import PostgresClient

/// Churn: per month the inactivity rule (churn_inactive_months) beside its
/// error, the churned customers who ordered again within
/// churn_followup_months, and the customers the BG/NBD model thinks likely
/// gone; then the false-churn rate of every inactivity window over the
/// history, with the window the data recommend.
enum ChurnReport {
    static let definition = ReportDefinition(
        name: "churn", title: "Churn",
        summary: "Churned per month (churn_inactive_months) with the false-churn rate and P(alive) below "
            + "churn_p_alive_threshold; the return rate of every inactivity window and the recommended one",
        takesAsOf: false, takesMonths: false, produce: sections)

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        [
            ReportSection(
                title: "Churn per month",
                table: try ReportQuery.table(connection, "select * from mart.churn order by month", parameters)),
            ReportSection(
                title: "Inactivity windows",
                table: try ReportQuery.table(connection, "select * from mart.churn_windows()", parameters)),
        ]
    }
}
