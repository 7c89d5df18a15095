import PostgresClient

/// Channel interaction patterns: when (hour, weekday in the reporting time
/// zone) and on which channel customers are contacted, respond and opt out,
/// by RFM segment; customers by preferred channel and best hour; contact
/// pressure against opt-outs per channel and the cap it suggests
/// (mart.contact_patterns, mart.contact_preference_summary,
/// mart.contact_pressure, mart.contact_caps; docs/marts.md).
enum ContactPatternsReport {
    static let definition = ReportDefinition(
        name: "contact_patterns", title: "Channel interaction patterns",
        summary: "Interactions, response and opt-out rates by channel × hour, weekday, type and RFM segment; "
            + "preferred channel and best hour; contact pressure against opt-outs and a cap per channel (--months, default 12)",
        produce: sections)

    /// Volume by when things happened, rates by when the contact was made.
    static let figures = """
        sum(interactions)::bigint as interactions,
        coalesce(sum(interactions) filter (where interaction_type = 'sent'), 0)::bigint as contacts,
        coalesce(sum(interactions) filter (where interaction_type = 'responded'), 0)::bigint as responses,
        coalesce(sum(interactions) filter (where interaction_type = 'unsubscribe'), 0)::bigint as opt_outs,
        sum(answered_contacts)::bigint as answered_contacts,
        round(sum(answered_contacts) / nullif(sum(interactions) filter (where interaction_type = 'sent'), 0), 4)
            as response_rate,
        sum(opted_out_contacts)::bigint as opted_out_contacts,
        round(sum(opted_out_contacts) / nullif(sum(interactions) filter (where interaction_type = 'sent'), 0), 4)
            as opt_out_rate
        """

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        func cells(_ bySegment: Bool) -> String {
            "mart.contact_patterns($1::date, coalesce($2::integer, 12), \(bySegment))"
        }
        func section(_ title: String, _ sql: String) throws -> ReportSection {
            ReportSection(title: title, table: try ReportQuery.table(connection, sql, parameters))
        }
        return [
            try section(
                "By channel and hour of day",
                "select channel, hour, \(figures) from \(cells(false)) group by channel, hour order by channel, hour"),
            try section(
                "By channel and weekday",
                """
                select channel, weekday, (array['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])[weekday] as day,
                    \(figures)
                from \(cells(false)) group by channel, weekday order by channel, weekday
                """),
            try section(
                "By channel and interaction type",
                """
                select channel, interaction_type, sum(interactions)::bigint as interactions,
                    round(sum(interactions) / sum(sum(interactions)) over (partition by channel), 4) as channel_share
                from \(cells(false)) group by channel, interaction_type order by channel, interaction_type
                """),
            try section(
                "By RFM segment and channel",
                """
                select segment, segment_basis, channel, \(figures)
                from \(cells(true)) group by segment, segment_basis, channel order by segment, segment_basis, channel
                """),
            try section(
                "Customers by preferred channel and best hour",
                "select * from mart.contact_preference_summary($1::date)"),
            try section(
                "Contact pressure and opt-outs per channel",
                """
                select channel, contacts_per_month, customer_months, responded_customer_months, response_rate,
                    opted_out_customer_months, opt_out_rate
                from mart.contact_pressure($1::date, coalesce($2::integer, 12))
                """),
            try section(
                "Suggested frequency cap per channel",
                "select * from mart.contact_caps($1::date, coalesce($2::integer, 12))"),
        ]
    }
}
