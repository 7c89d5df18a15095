import Warehouse

/// The fields of one row of `COPY … TO STDOUT` text format (tab-separated,
/// newline-terminated, backslash escapes), read without copying the row.
struct TabFields {
    private let bytes: UnsafeRawBufferPointer
    private var bounds: [Range<Int>] = []

    init(_ row: UnsafeRawBufferPointer) {
        bytes = row
        var end = row.count
        if end > 0 && row[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var start = 0
        for i in 0..<end where row[i] == UInt8(ascii: "\t") {
            bounds.append(start..<i)
            start = i + 1
        }
        bounds.append(start..<end)
    }

    var count: Int { bounds.count }

    func expect(_ count: Int, _ source: String) throws {
        guard bounds.count == count else {
            throw WarehouseError(.load, "\(source) returned a row of \(bounds.count) fields, not \(count)")
        }
    }

    /// The field as text, its escapes (\\, \t, \n, \r) undone.
    func text(_ index: Int) -> String {
        let field = bytes[bounds[index]]
        guard field.contains(UInt8(ascii: "\\")) else { return String(decoding: field, as: UTF8.self) }
        var out: [UInt8] = []
        var escaped = false
        for byte in field {
            if escaped {
                switch byte {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(byte)
                }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func int(_ index: Int) throws -> Int {
        let field = bytes[bounds[index]]
        var value = 0
        var negative = false
        var digits = 0
        for (k, byte) in field.enumerated() {
            if k == 0 && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            let digit = Int(byte) - 48
            guard digit >= 0 && digit < 10 else { throw bad(index, "an integer") }
            value = value * 10 + digit
            digits += 1
        }
        guard digits > 0 else { throw bad(index, "an integer") }
        return negative ? -value : value
    }

    /// A decimal such as `-14.4000` in ten-thousandths (half away from zero beyond four decimals).
    func tenThousandths(_ index: Int) throws -> Int64 {
        let field = bytes[bounds[index]]
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var roundUp = false
        var negative = false
        var inFraction = false
        var digits = 0
        for (k, byte) in field.enumerated() {
            if k == 0 && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            if byte == UInt8(ascii: ".") && !inFraction {
                inFraction = true
                continue
            }
            let digit = Int64(byte) - 48
            guard digit >= 0 && digit < 10 else { throw bad(index, "a decimal number") }
            digits += 1
            if !inFraction {
                whole = whole * 10 + digit
            } else if fractionDigits < 4 {
                fraction = fraction * 10 + digit
                fractionDigits += 1
            } else if fractionDigits == 4 {
                roundUp = digit >= 5
                fractionDigits += 1
            }
        }
        guard digits > 0 else { throw bad(index, "a decimal number") }
        for _ in min(fractionDigits, 4)..<4 { fraction *= 10 }
        let magnitude = whole * 10_000 + fraction + (roundUp ? 1 : 0)
        return negative ? -magnitude : magnitude
    }

    private func bad(_ index: Int, _ what: String) -> WarehouseError {
        WarehouseError(.load, "field \(index + 1) of a history row is not \(what): '\(text(index))'")
    }
}
