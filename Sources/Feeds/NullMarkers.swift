#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The unquoted values that read as NULL: the file-wide markers, plus the
/// markers of single columns once the column names are known. Markers are
/// bytes (``FormatOptions/markerBytes(_:)``), so a NUL or any byte can be one.
final class NullMarkers {
    /// The empty value is NULL in every column.
    let emptyIsNull: Bool
    /// File-wide non-empty markers.
    let common: [[UInt8]]
    /// Extra markers by field index (empty array: none).
    private(set) var byField: [[[UInt8]]] = []
    private let byColumnName: [String: [[UInt8]]]
    /// Whether any non-empty marker or any column marker exists: without one,
    /// values need no comparison at all.
    private(set) var any: Bool

    init(options: FormatOptions) {
        emptyIsNull = options.nullMarkers.contains("")
        common = options.nullMarkers.filter { !$0.isEmpty }.map(FormatOptions.markerBytes)
        byColumnName = options.columnNullMarkers.mapValues { $0.map(FormatOptions.markerBytes) }
        any = !common.isEmpty
    }

    /// Places the column markers by the file's column names (header,
    /// `columns:`, or positions "1", "2", …).
    func resolve(names: [String]) {
        guard !byColumnName.isEmpty else { return }
        byField = names.map { byColumnName[$0] ?? [] }
        any = !common.isEmpty || byField.contains { !$0.isEmpty }
    }

    /// Whether the unquoted value `value[0..<length]` of field `field` is NULL.
    @inline(__always)
    func isNull(field: Int, _ value: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let own = field < byField.count ? byField[field] : []
        if length == 0 { return emptyIsNull || own.contains([]) }
        return Self.matches(common, value, length) || (!own.isEmpty && Self.matches(own, value, length))
    }

    @inline(__always)
    static func matches(_ markers: [[UInt8]], _ value: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        for marker in markers where marker.count == length {
            if marker.withUnsafeBufferPointer({ memcmp($0.baseAddress!, value, length) == 0 }) { return true }
        }
        return false
    }
}
