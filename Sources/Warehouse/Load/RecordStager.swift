import Feeds
import Pipeline

/// Turns one validated record of a feed into a row of its staging table,
/// in binary COPY format. A record with a reject issue writes nothing.
protocol RecordStager {
    /// The staging table and its columns, in the order rows are written.
    var table: String { get }
    var columns: [String] { get }
    /// How the staging table is merged into dw.
    var merge: MergePlan { get }

    /// Validates `record`; appends its row to `buffer` unless an issue
    /// of severity reject was recorded.
    mutating func stage(_ record: FeedRecord, into buffer: inout [UInt8], issues: inout [FieldIssue])
}

/// The SQL files under sql/load that merge a staging table into dw.
enum MergePlan {
    /// One file does it all (dimensions, rates).
    case single(String)
    /// Facts, into a monthly partitioned table.
    case facts(FactMerge)
}

/// How staged fact rows go into their table: `prepare` adds inferred
/// members and resolves keys; `months` lists the staged months, whose
/// partitions are made first; `check` answers (one boolean) whether the
/// file re-sends a natural key, one already registered or repeated in the
/// file. If not, `insert` adds the rows and their keys; if so, `replace`
/// deletes the rows the registry names, inserts the last record of each key
/// and updates the registry. Decided before writing: no error is provoked (a
/// failed statement cannot be rolled back to a savepoint on every engine).
struct FactMerge {
    /// The fact table, schema-qualified.
    var table: String
    var prepare: String
    var months: String
    var check: String
    var insert: String
    var replace: String
}

extension RecordStager {
    var copyStatement: String {
        "copy \(table) (\(columns.joined(separator: ", "))) from stdin with (format binary)"
    }
}

extension Array where Element == FieldIssue {
    var hasReject: Bool { contains { $0.severity == .reject } }
}

extension FieldOptions {
    /// The parsing options a feed definition asks for.
    static func from(_ definition: FeedDefinition, allowNegativeQuantity: Bool = false) throws -> FieldOptions {
        guard let timestamps = TimestampParser(timeZone: definition.timeZone, formats: definition.timestampFormats) else {
            throw WarehouseError(
                .configuration,
                "feed \(definition.name): unknown time zone '\(definition.timeZone)' or invalid timestamp_formats")
        }
        guard let dates = DateParser(formats: definition.dateFormats) else {
            throw WarehouseError(.configuration, "feed \(definition.name): invalid date_formats \(definition.dateFormats)")
        }
        var country = CountryCode.parse("US")
        if let configured = definition.defaultCountry {
            country = CountryCode.parse(configured)
            guard case .success = country else {
                throw WarehouseError(.configuration, "feed \(definition.name): unknown default_country '\(configured)'")
            }
        }
        let decimal: DecimalFormat = definition.decimalSeparator == "," ? .european : .standard
        return FieldOptions(
            decimalFormat: decimal, timestamps: timestamps, dates: dates, defaultCountry: try country.get(),
            allowNegativeQuantity: allowNegativeQuantity)
    }
}
