import Feeds
import Pipeline

/// Validates contact records into `ContactInput`s. Bad email, phone,
/// country or opt-in are warnings: the record loads without them.
struct ContactReader {
    let validator: FieldValidator
    let defaultSourceSystem: String
    /// The load's clock, for records that carry no `updated_at`.
    let loadTime: Int64

    // Canonical field positions (FeedKind.contacts.canonicalFields).
    private let customerID = 0, sourceSystem = 1, firstName = 2, lastName = 3, email = 4, phone = 5, city = 6
    private let country = 7, signupDate = 8, channel = 9, optIn = 10, updatedAt = 11

    func read(_ record: FeedRecord, issues: inout [FieldIssue]) -> ContactInput? {
        let v = validator
        let id = v.required(record.field(customerID), field: "customer_id", issues: &issues)
        let signup = v.date(record.field(signupDate), field: "signup_date", issues: &issues)
        let updated = v.timestamp(record.field(updatedAt), field: "updated_at", issues: &issues)
        let countryCode = v.country(record.field(country), field: "country", issues: &issues)
        let normalizedEmail = v.email(record.field(email), field: "email", issues: &issues)
        let normalizedPhone = v.phone(record.field(phone), field: "phone", country: countryCode, issues: &issues)
        let consent = v.boolean(record.field(optIn), field: "opt_in", issues: &issues)
        guard !issues.hasReject, let id else { return nil }

        var attributes = ContactAttributes()
        attributes["first_name"] = record.trimmedString(firstName)
        attributes["last_name"] = record.trimmedString(lastName)
        attributes["email"] = normalizedEmail
        attributes["phone"] = normalizedPhone
        attributes["city"] = record.trimmedString(city)
        attributes["country"] = countryCode?.alpha2
        attributes["signup_date"] = signup.map(Self.isoDate)
        attributes["acquisition_channel"] = record.trimmedString(channel)?.lowercased()
        attributes["opt_in"] = consent.map { $0 ? "t" : "f" }
        return ContactInput(
            recordNumber: record.recordNumber,
            sourceSystem: record.trimmedString(sourceSystem)?.lowercased() ?? defaultSourceSystem,
            sourceCustomerID: String(decoding: id, as: UTF8.self),
            attributes: attributes,
            updatedAt: updated ?? loadTime)
    }

    /// `YYYY-MM-DD` of a day count since 1970-01-01.
    static func isoDate(unixDays: Int32) -> String {
        let day = CivilCalendar.date(daysSinceEpoch: Int(unixDays))
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(day.year, 4))-\(pad(day.month, 2))-\(pad(day.day, 2))"
    }
}
