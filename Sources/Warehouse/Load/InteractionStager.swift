import Feeds
import Pipeline
import PostgresClient

/// Contacts and touches → staging.interaction.
struct InteractionStager: RecordStager {
    let table = "staging.interaction"
    let columns = [
        "record_no", "interaction_id", "source_system", "source_customer_id", "occurred_at", "date_key", "interaction_type",
        "channel", "campaign_code", "outcome", "is_control",
    ]
    let merge = MergePlan.facts(FactMerge(
        table: "dw.fact_interaction", prepare: "load/fact_interaction_members.sql",
        months: "load/fact_interaction_months.sql", check: "load/fact_interaction_resent.sql",
        insert: "load/fact_interaction_insert.sql", replace: "load/fact_interaction_upsert.sql"))

    let validator: FieldValidator
    let defaultSourceSystem: String
    /// The reporting time zone, for date keys.
    let zone: ZoneRules
    /// The days an interaction may fall on.
    let dates: DateWindow

    // Canonical field positions (FeedKind.interactions.canonicalFields).
    private let interactionID = 0, customerID = 1, occurredAt = 2, type = 3, channel = 4, campaignCode = 5
    private let outcome = 6, sourceSystem = 7, group = 8

    mutating func stage(_ record: FeedRecord, into buffer: inout [UInt8], issues: inout [FieldIssue]) {
        let v = validator
        let id = v.required(record.field(interactionID), field: "interaction_id", issues: &issues)
        let customer = v.required(record.field(customerID), field: "customer_id", issues: &issues)
        let at = v.timestamp(record.field(occurredAt), field: "occurred_at", required: true, issues: &issues)
        let kind = v.interactionType(record.field(type), field: "type", issues: &issues)
        // A file without the field, or an empty value: treatment.
        let isControl = v.interactionGroup(record.field(group), field: "group", issues: &issues) == .control
        guard !issues.hasReject, let id, let customer, let at, let kind else { return }
        let dateKey = DateKey.of(unixMicroseconds: at, zone: zone)
        guard dates.admits(dateKey, field: "occurred_at", issues: &issues) else { return }

        BinaryCopy.beginRow(fields: columns.count, in: &buffer)
        BinaryCopy.appendInt8(Int64(record.recordNumber), to: &buffer)
        BinaryCopy.appendText(id, to: &buffer)
        if let source = record.text(sourceSystem) {
            FieldBytes.appendLowercasedText(source, to: &buffer)
        } else {
            BinaryCopy.appendText(defaultSourceSystem, to: &buffer)
        }
        BinaryCopy.appendText(customer, to: &buffer)
        BinaryCopy.appendTimestamp(postgresMicroseconds: PostgresEpoch.timestamp(fromUnixMicroseconds: at), to: &buffer)
        BinaryCopy.appendInt4(dateKey, to: &buffer)
        BinaryCopy.appendText(kind.rawValue, to: &buffer)
        FieldBytes.appendLowercasedText(record.text(channel), to: &buffer)
        BinaryCopy.appendText(record.text(campaignCode), to: &buffer)
        BinaryCopy.appendText(record.text(outcome), to: &buffer)
        BinaryCopy.appendBool(isControl, to: &buffer)
    }
}
