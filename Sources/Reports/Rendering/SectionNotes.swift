/// A sentence under a section's title where its numbers would otherwise
/// raise a question another report answers differently.
enum SectionNotes {
    static func note(report: String, section: Int) -> String? {
        switch (report, section) {
        case ("value_forecast", 0):
            return "Customers now are the monthly snapshot of the forecast's origin month (each customer's tier at "
                + "the month's end); the value tiers report ranks customers as of the as-of date, so within a month "
                + "the two counts differ."
        case ("campaign_response", 0):
            return "Uplift compares contacted customers with the campaign's control group, with its 95 % interval; "
                + "a campaign without a control group, or with fewer than 2 customers in a group, has none."
        default:
            return nil
        }
    }
}
