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
        attributes["signup_date"] = signup.map(CivilDay.isoText(unixDays:))
        attributes["acquisition_channel"] = record.trimmedString(channel)?.lowercased()
        attributes["opt_in"] = consent.map { $0 ? "t" : "f" }
        return ContactInput(
            recordNumber: record.recordNumber,
            sourceSystem: record.trimmedString(sourceSystem)?.lowercased() ?? defaultSourceSystem,
            sourceCustomerID: String(decoding: id, as: UTF8.self),
            attributes: attributes,
            updatedAt: updated ?? loadTime)
    }
}

/// Calendar arithmetic for dates kept as days since 1970-01-01.
enum CivilDay {
    /// `YYYY-MM-DD` (proleptic Gregorian; Howard Hinnant's civil_from_days).
    static func isoText(unixDays: Int32) -> String {
        let z = Int(unixDays) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
