import Feeds
import Pipeline
import PostgresClient

/// The customers an order-line file names, read ahead of a load that is
/// small beside the warehouse. The key cache then holds those customers
/// alone: a nightly file of 50,000 lines names a tenth of 200,000
/// customers, and caching all of them took half of its load.
enum FileSourceKeys {
    /// File bytes per customer source key in the warehouse below which
    /// reading the file twice costs less than caching every customer
    /// (reading and validating costs about 15 ns a byte, caching a
    /// customer about 3 µs).
    static let bytesPerKnownKey = 64.0

    /// Whether a file of `fileBytes` should name its customers first.
    static func worthReading(fileBytes: Int64, _ connection: Connection) throws -> Bool {
        // The planner's count: never analyzed (-1), the table's pages tell.
        let known = try connection.query(
            """
            select case when c.reltuples >= 0 then c.reltuples else pg_relation_size(c.oid) / 64 end
            from pg_class as c where c.oid = 'dw.customer_source_key'::regclass
            """
        ).string(0, 0).flatMap(Double.init) ?? 0
        return Double(fileBytes) < known * bytesPerKnownKey
    }

    /// The source keys ("system␟id", as `FactKeyCache` composes them) of
    /// the lines the load will write: the records it admits and
    /// validates, with the same reader over the same bytes.
    static func collect(
        file: FeedFile, definition: FeedDefinition, stager: SalesStager, defaultSystem: [UInt8]
    ) throws -> [String] {
        let reader = try definition.reader(file: file)
        let guardrail = RecordGuard(kind: definition.kind, format: reader.format)
        var seen = ByteKeyTable(minimumCapacity: 1 << 12)
        var keys: [String] = []
        var issues: [FieldIssue] = []
        var system: [UInt8] = []
        var key: [UInt8] = []
        _ = try reader.read { record in
            issues.removeAll(keepingCapacity: true)
            guard guardrail.admits(record, issues: &issues), let line = stager.validate(record, issues: &issues) else {
                return
            }
            sourceSystem(of: line, default: defaultSystem, into: &system)
            key.removeAll(keepingCapacity: true)
            system.withUnsafeBytes { FactKeyCache.appendSourceKey(system: $0, customer: line.sourceCustomerID, to: &key) }
            key.withUnsafeBytes { bytes in
                if seen.value(for: bytes) == nil {
                    seen.set(keys.count, for: bytes)
                    keys.append(String(decoding: bytes, as: UTF8.self))
                }
            }
        } onReject: { _ in }
        return keys
    }

    /// The line's source system, lower-cased, or the load's default.
    static func sourceSystem(of line: SalesLine, default defaultSystem: [UInt8], into system: inout [UInt8]) {
        system.removeAll(keepingCapacity: true)
        if let source = line.sourceSystem {
            FieldBytes.appendLowercased(source, to: &system)
        } else {
            system.append(contentsOf: defaultSystem)
        }
    }
}
