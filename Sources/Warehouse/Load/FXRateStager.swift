import Feeds
import Pipeline
import PostgresClient

/// Exchange rates → staging.fx_rate.
struct FXRateStager: RecordStager {
    let table = "staging.fx_rate"
    let columns = ["record_no", "rate_date", "currency", "rate_to_base"]
    let merge = MergePlan.single("load/fx_rate.sql")

    let validator: FieldValidator

    mutating func stage(_ record: FeedRecord, into buffer: inout [UInt8], issues: inout [FieldIssue]) {
        let day = validator.date(record.field(0), field: "rate_date", required: true, issues: &issues)
        let currency = validator.currency(record.field(1), field: "currency", required: true, issues: &issues)
        let rate = validator.money(record.field(2), field: "rate_to_base", required: true, issues: &issues)
        ColumnRange.check(rate, digits: ColumnRange.rateDigits, field: "rate_to_base", issues: &issues)
        if let rate, rate.signum <= 0 {
            issues.append(FieldIssue(field: "rate_to_base", value: rate.description, rule: .fxRateInvalid,
                                     message: "rate must be positive", severity: .reject))
        }
        guard !issues.hasReject, let day, let currency, let rate else { return }

        BinaryCopy.beginRow(fields: columns.count, in: &buffer)
        BinaryCopy.appendInt8(Int64(record.recordNumber), to: &buffer)
        BinaryCopy.appendDate(postgresDays: PostgresEpoch.date(fromUnixDays: day), to: &buffer)
        BinaryCopy.appendText(currency.code, to: &buffer)
        rate.appendBinaryField(to: &buffer)
    }
}
