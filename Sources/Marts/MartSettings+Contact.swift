import PostgresClient

extension MartSettings {
    /// The frequency cap of the contact_patterns report (read at report time).
    var contactRows: [(name: String, value: String, description: String)] {
        [
            ("contact_cap_opt_out_rate", contactCapOptOutRate,
             "Opt-out rate (customer-months with an unsubscribe on a channel / customer-months contacted on it) below which a contact pressure lies within the suggested cap."),
            ("contact_cap_min_customer_months", "\(contactCapMinCustomerMonths)",
             "Customer-months a contact pressure needs before the suggested cap judges its opt-out rate."),
        ]
    }

    /// Writes the settings that are text (`mart.text_settings`: the
    /// reporting time zone) when they differ; returns the names written.
    func writeTextSettings(_ connection: Connection) throws -> [String] {
        let result = try connection.query(
            """
            insert into mart.text_settings as s (name, value, description) values ($1, $2, $3)
            on conflict (name) do update set value = excluded.value, description = excluded.description
            where s.value is distinct from excluded.value
            returning name
            """,
            ["reporting_time_zone", reportingTimeZone,
             "IANA time zone (warehouse.reporting_time_zone) whose clock gives the hour of day, weekday and month of an interaction."])
        return result.rowCount > 0 ? ["reporting_time_zone"] : []
    }
}
