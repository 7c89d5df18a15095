import Foundation
import PostgresClient

/// The keys of the order lines the direct path copies into `dw.fact_sales`
/// (order_id, line_no, customer_id, date_key), spooled as each line is
/// written and registered in `dw.order_line_key` once the facts' COPY has
/// ended: the registry is filled without a second pass over the file.
/// Registering is also the check for re-sent lines, before any index of the
/// facts is built.
struct OrderLineKeySpool {
    static let columns = ["order_id", "line_no", "customer_id", "date_key"]

    private let spool = CopySpool()
    /// Whether every key so far sorts after the one before it (order_id's
    /// bytes, then line_no): then no key repeats in the file, which saves
    /// grouping all of them (files in order number order are the rule).
    private(set) var ascending = true
    private var lastOrderID: [UInt8] = []
    private var lastLineNo: Int32 = .min

    var rows: Int { spool.rows }

    mutating func append(_ line: SalesLine, customerID: String) throws {
        note(line)
        try spool.append { Self.writeRow(line, customerID: customerID, into: &$0) }
    }

    /// Follows the order of the keys of lines copied into the registry by
    /// the caller rather than spooled here.
    mutating func note(_ line: SalesLine) {
        if ascending { ascending = follows(line) }
    }

    /// The line's row of `dw.order_line_key`, in `columns` order.
    static func writeRow(_ line: SalesLine, customerID: String, into buffer: inout [UInt8]) {
        BinaryCopy.beginRow(fields: columns.count, in: &buffer)
        BinaryCopy.appendText(line.orderID, to: &buffer)
        BinaryCopy.appendInt4(line.lineNo, to: &buffer)
        BinaryCopy.appendText(customerID, to: &buffer)
        BinaryCopy.appendInt4(line.dateKey, to: &buffer)
    }

    /// Registers the keys; false, having registered some or none, when one
    /// was registered before or repeats in the file (the caller then rolls
    /// the file back and merges it through staging). `emptiedRegistry`: the
    /// registry was empty and is now without its indexes (a history load):
    /// the keys go straight into it, unless the caller copied them there
    /// already (`noted`).
    func register(_ connection: Connection, sql: SQLDirectory, emptiedRegistry: Bool, noted: Bool = false) throws -> Bool {
        let columns = Self.columns.joined(separator: ", ")
        if emptiedRegistry {
            if !noted {
                try connection.copyFrom("copy dw.order_line_key (\(columns)) from stdin with (format binary)") {
                    try spool.send(to: $0)
                }
            }
            // Nothing was registered before: only a repeat in the file can clash.
            if ascending { return true }
            return try connection.execute(try sql.text("load/order_line_key_repeated.sql")).bool(0, 0) == false
        }
        try connection.execute("truncate staging.sales_key")
        try connection.copyFrom("copy staging.sales_key (\(columns)) from stdin with (format binary)") {
            try spool.send(to: $0)
        }
        try connection.execute("analyze staging.sales_key")
        let resent = try connection.query(try sql.text("load/order_line_key_resent.sql"), [!ascending]).bool(0, 0) ?? true
        if resent { return false }
        try connection.execute(try sql.text("load/order_line_key_insert.sql"))
        return true
    }

    /// Whether `line`'s key sorts after the previous one; remembers it.
    private mutating func follows(_ line: SalesLine) -> Bool {
        let order = line.orderID
        var comparison = 0
        lastOrderID.withUnsafeBytes { last in
            let common = min(last.count, order.count)
            if common > 0 { comparison = Int(memcmp(last.baseAddress!, order.baseAddress!, common)) }
            if comparison == 0 { comparison = last.count < order.count ? -1 : (last.count > order.count ? 1 : 0) }
        }
        let isAfter = comparison < 0 || (comparison == 0 && lastLineNo < line.lineNo)
        if comparison != 0 {
            lastOrderID.removeAll(keepingCapacity: true)
            lastOrderID.append(contentsOf: order)
        }
        lastLineNo = line.lineNo
        return isAfter
    }
}
