import Feeds
import Pipeline
import PostgresClient

/// Order lines → staging.sales. Derives the line amount when the feed
/// leaves it out, marks returns (negative amounts), converts to the base
/// currency at the order day's rate; a currency without a rate is a reject.
struct SalesStager: RecordStager {
    let table = "staging.sales"
    let columns = [
        "record_no", "order_id", "line_no", "source_system", "source_customer_id", "sku", "category",
        "quantity", "unit_price", "discount", "amount", "currency", "amount_base", "ordered_at", "date_key", "channel",
        "campaign_code", "is_return",
    ]
    let merge = MergePlan.facts(FactMerge(
        table: "dw.fact_sales", prepare: "load/fact_sales_members.sql", months: "load/fact_sales_months.sql",
        check: "load/fact_sales_resent.sql", insert: "load/fact_sales_insert.sql", replace: "load/fact_sales_upsert.sql"))

    let validator: FieldValidator
    let fx: FXRateTable
    let defaultCurrency: CurrencyCode
    let defaultSourceSystem: String
    /// The reporting time zone, for date keys.
    let zone: ZoneRules
    /// The days an order may fall on.
    let dates: DateWindow

    // Canonical field positions (FeedKind.transactions.canonicalFields).
    private let orderID = 0, lineNo = 1, customerID = 2, sku = 3, category = 4, quantity = 5, unitPrice = 6
    private let discount = 7, amount = 8, currency = 9, orderedAt = 10, channel = 11, campaignCode = 12
    private let status = 13, sourceSystem = 14
    private static let returnStatuses = ["returned", "return", "refunded", "refund"]

    mutating func stage(_ record: FeedRecord, into buffer: inout [UInt8], issues: inout [FieldIssue]) {
        guard let line = validate(record, issues: &issues) else { return }
        writeStagingRow(line, into: &buffer)
    }

    /// The record as an order line, or nil with reject issues recorded.
    func validate(_ record: FeedRecord, issues: inout [FieldIssue]) -> SalesLine? {
        let v = validator
        let order = v.required(record.field(orderID), field: "order_id", issues: &issues)
        let customer = v.required(record.field(customerID), field: "customer_id", issues: &issues)
        let line = v.integer(record.field(lineNo), field: "line_no", issues: &issues) ?? 1
        if line < Int64(Int32.min) || line > Int64(Int32.max) {
            issues.append(FieldIssue(field: "line_no", value: "\(line)", rule: .integerInvalid,
                                     message: "line number out of range", severity: .reject))
        }
        var qty = v.quantity(record.field(quantity), field: "quantity", issues: &issues) ?? .one
        let price = v.money(record.field(unitPrice), field: "unit_price", required: true, issues: &issues)
        var off = v.money(record.field(discount), field: "discount", issues: &issues) ?? .zero
        let given = v.money(record.field(amount), field: "amount", issues: &issues)
        let code = v.currency(record.field(currency), field: "currency", issues: &issues) ?? defaultCurrency
        let at = v.timestamp(record.field(orderedAt), field: "ordered_at", required: true, issues: &issues)
        guard !issues.hasReject, let order, let customer, let price, let at else { return nil }

        guard var net = given ?? v.lineAmount(quantity: qty, unitPrice: price, discount: off, field: "amount", issues: &issues)
        else { return nil }
        // Returns are negative lines, whichever way the source writes them.
        let isReturn = qty.isNegative || FieldBytes.equalsAny(FieldBytes.trimmed(record.field(status)), Self.returnStatuses)
        if isReturn {
            if !qty.isNegative { qty = qty.negated }
            if !net.isNegative { net = net.negated }
            if !off.isNegative { off = off.negated }
        }
        ColumnRange.check(qty, digits: ColumnRange.moneyDigits, field: "quantity", issues: &issues)
        ColumnRange.check(price, digits: ColumnRange.moneyDigits, field: "unit_price", issues: &issues)
        ColumnRange.check(off, digits: ColumnRange.moneyDigits, field: "discount", issues: &issues)
        ColumnRange.check(net, digits: ColumnRange.moneyDigits, field: "amount", issues: &issues)
        let dateKey = DateKey.of(unixMicroseconds: at, zone: zone)
        guard dates.admits(dateKey, field: "ordered_at", issues: &issues), !issues.hasReject else { return nil }
        let day = Int32(at.floorDiv(86_400_000_000))
        let base: ExactDecimal
        switch fx.convert(net, from: code, on: day, scale: 4) {
        case .success(let converted): base = converted
        case .failure(let failure):
            issues.append(FieldIssue(field: "currency", value: code.code, rule: failure.rule,
                                     message: failure.message, severity: .reject))
            return nil
        }
        guard ColumnRange.check(base, digits: ColumnRange.moneyDigits, field: "amount", issues: &issues) else { return nil }
        return SalesLine(
            recordNumber: record.recordNumber, orderID: order, lineNo: Int32(line), sourceSystem: record.text(sourceSystem),
            sourceCustomerID: customer, sku: record.text(sku), category: record.text(category), quantity: qty,
            unitPrice: price, discount: off, amount: net, currency: code, amountBase: base, orderedAt: at,
            dateKey: dateKey, channel: record.text(channel),
            campaignCode: record.text(campaignCode), isReturn: isReturn)
    }

    /// A row of staging.sales, in `columns` order.
    func writeStagingRow(_ line: SalesLine, into buffer: inout [UInt8]) {
        BinaryCopy.beginRow(fields: columns.count, in: &buffer)
        BinaryCopy.appendInt8(Int64(line.recordNumber), to: &buffer)
        BinaryCopy.appendText(line.orderID, to: &buffer)
        BinaryCopy.appendInt4(line.lineNo, to: &buffer)
        if let source = line.sourceSystem {
            FieldBytes.appendLowercasedText(source, to: &buffer)
        } else {
            BinaryCopy.appendText(defaultSourceSystem, to: &buffer)
        }
        BinaryCopy.appendText(line.sourceCustomerID, to: &buffer)
        BinaryCopy.appendText(line.sku, to: &buffer)
        BinaryCopy.appendText(line.category, to: &buffer)
        for value in [line.quantity, line.unitPrice, line.discount, line.amount] { value.appendBinaryField(to: &buffer) }
        BinaryCopy.appendText(line.currency.code, to: &buffer)
        line.amountBase.appendBinaryField(to: &buffer)
        BinaryCopy.appendTimestamp(postgresMicroseconds: PostgresEpoch.timestamp(fromUnixMicroseconds: line.orderedAt), to: &buffer)
        BinaryCopy.appendInt4(line.dateKey, to: &buffer)
        FieldBytes.appendLowercasedText(line.channel, to: &buffer)
        BinaryCopy.appendText(line.campaignCode, to: &buffer)
        BinaryCopy.appendBool(line.isReturn, to: &buffer)
    }
}

extension ExactDecimal {
    /// A binary COPY `numeric` field: length prefix and payload.
    func appendBinaryField(to buffer: inout [UInt8]) {
        BinaryCopy.appendField(to: &buffer) { appendPostgresNumericBinary(to: &$0) }
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (days before 1970 too).
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
