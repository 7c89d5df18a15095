import Feeds
import Pipeline

/// One validated order line, its text fields still pointing into the
/// record being read (valid only while the reader's callback runs).
struct SalesLine {
    var recordNumber: Int
    var orderID: UnsafeRawBufferPointer
    var lineNo: Int32
    /// Lower-cased source system, or nil for the load's default.
    var sourceSystem: UnsafeRawBufferPointer?
    var sourceCustomerID: UnsafeRawBufferPointer
    var sku: UnsafeRawBufferPointer?
    var category: UnsafeRawBufferPointer?
    var quantity: ExactDecimal
    var unitPrice: ExactDecimal
    var discount: ExactDecimal
    var amount: ExactDecimal
    var currency: CurrencyCode
    var amountBase: ExactDecimal
    /// µs since the epoch, UTC.
    var orderedAt: Int64
    var dateKey: Int32
    var channel: UnsafeRawBufferPointer?
    var campaignCode: UnsafeRawBufferPointer?
    var isReturn: Bool
}
