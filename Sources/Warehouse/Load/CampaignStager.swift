import Feeds
import Pipeline
import PostgresClient

/// Campaigns → staging.campaign.
struct CampaignStager: RecordStager {
    let table = "staging.campaign"
    let columns = ["record_no", "campaign_code", "name", "channel", "start_date", "end_date", "cost", "campaign_type"]
    let merge = MergePlan.single("load/dim_campaign.sql")

    let validator: FieldValidator

    mutating func stage(_ record: FeedRecord, into buffer: inout [UInt8], issues: inout [FieldIssue]) {
        let code = validator.required(record.field(0), field: "campaign_code", issues: &issues)
        let start = validator.date(record.field(3), field: "start_date", issues: &issues)
        let end = validator.date(record.field(4), field: "end_date", issues: &issues)
        let cost = validator.money(record.field(5), field: "cost", issues: &issues)
        ColumnRange.check(cost, digits: ColumnRange.costDigits, field: "cost", issues: &issues)
        guard !issues.hasReject, let code else { return }

        BinaryCopy.beginRow(fields: columns.count, in: &buffer)
        BinaryCopy.appendInt8(Int64(record.recordNumber), to: &buffer)
        BinaryCopy.appendText(code, to: &buffer)
        BinaryCopy.appendText(record.text(1), to: &buffer)
        FieldBytes.appendLowercasedText(record.text(2), to: &buffer)
        BinaryCopy.appendDate(postgresDays: start.map(PostgresEpoch.date(fromUnixDays:)), to: &buffer)
        BinaryCopy.appendDate(postgresDays: end.map(PostgresEpoch.date(fromUnixDays:)), to: &buffer)
        if let cost { cost.appendBinaryField(to: &buffer) } else { BinaryCopy.appendNull(to: &buffer) }
        FieldBytes.appendLowercasedText(record.text(6), to: &buffer)
    }
}
