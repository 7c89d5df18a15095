import Feeds
import Pipeline
import PostgresClient

/// Products → staging.product.
struct ProductStager: RecordStager {
    let table = "staging.product"
    let columns = ["record_no", "sku", "name", "category", "subcategory", "unit_cost"]
    let merge = MergePlan.single("load/dim_product.sql")

    let validator: FieldValidator

    mutating func stage(_ record: FeedRecord, into buffer: inout [UInt8], issues: inout [FieldIssue]) {
        let sku = validator.required(record.field(0), field: "sku", issues: &issues)
        let cost = validator.money(record.field(4), field: "unit_cost", issues: &issues)
        ColumnRange.check(cost, digits: ColumnRange.moneyDigits, field: "unit_cost", issues: &issues)
        guard !issues.hasReject, let sku else { return }

        BinaryCopy.beginRow(fields: columns.count, in: &buffer)
        BinaryCopy.appendInt8(Int64(record.recordNumber), to: &buffer)
        BinaryCopy.appendText(sku, to: &buffer)
        for index in 1...3 { BinaryCopy.appendText(record.text(index), to: &buffer) }
        if let cost { cost.appendBinaryField(to: &buffer) } else { BinaryCopy.appendNull(to: &buffer) }
    }
}
