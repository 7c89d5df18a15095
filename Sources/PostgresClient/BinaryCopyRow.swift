/// Appends values in PostgreSQL's binary COPY format (`copy … from stdin
/// with (format binary)`): a header, then per row an int16 field count and
/// per field an int32 byte length (−1 for NULL) and the value as the type's
/// `*_send` function writes it, all big-endian. Sending binary spares the
/// server the text parsing and type input functions that dominate a text COPY.
public enum BinaryCopy {
    /// `PGCOPY\n\377\r\n\0`, flags, header extension length.
    public static func appendHeader(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00])
        appendInt32(0, to: &buffer)
        appendInt32(0, to: &buffer)
    }

    public static func appendTrailer(to buffer: inout [UInt8]) {
        appendInt16(-1, to: &buffer)
    }

    public static func beginRow(fields: Int, in buffer: inout [UInt8]) {
        appendInt16(Int16(fields), to: &buffer)
    }

    public static func appendNull(to buffer: inout [UInt8]) {
        appendInt32(-1, to: &buffer)
    }

    /// `text`: the bytes as they are (they must be valid UTF-8).
    public static func appendText(_ bytes: UnsafeRawBufferPointer?, to buffer: inout [UInt8]) {
        guard let bytes else { return appendNull(to: &buffer) }
        appendInt32(Int32(bytes.count), to: &buffer)
        buffer.append(contentsOf: bytes)
    }

    public static func appendText(_ text: String?, to buffer: inout [UInt8]) {
        guard var text else { return appendNull(to: &buffer) }
        text.withUTF8 { appendText(UnsafeRawBufferPointer($0), to: &buffer) }
    }

    public static func appendInt4(_ value: Int32?, to buffer: inout [UInt8]) {
        guard let value else { return appendNull(to: &buffer) }
        appendInt32(4, to: &buffer)
        appendInt32(value, to: &buffer)
    }

    public static func appendInt8(_ value: Int64?, to buffer: inout [UInt8]) {
        guard let value else { return appendNull(to: &buffer) }
        appendInt32(8, to: &buffer)
        appendInt64(value, to: &buffer)
    }

    public static func appendBool(_ value: Bool?, to buffer: inout [UInt8]) {
        guard let value else { return appendNull(to: &buffer) }
        appendInt32(1, to: &buffer)
        buffer.append(value ? 1 : 0)
    }

    public static func appendFloat8(_ value: Double?, to buffer: inout [UInt8]) {
        guard let value else { return appendNull(to: &buffer) }
        appendInt32(8, to: &buffer)
        appendInt64(Int64(bitPattern: value.bitPattern), to: &buffer)
    }

    /// `timestamptz`: microseconds since 2000-01-01 00:00 UTC.
    public static func appendTimestamp(postgresMicroseconds value: Int64?, to buffer: inout [UInt8]) {
        appendInt8(value, to: &buffer)
    }

    /// `date`: days since 2000-01-01.
    public static func appendDate(postgresDays value: Int32?, to buffer: inout [UInt8]) {
        appendInt4(value, to: &buffer)
    }

    /// A field whose payload `body` appends (e.g. a `numeric`); the length
    /// prefix is patched in afterwards.
    public static func appendField(to buffer: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        let lengthAt = buffer.count
        appendInt32(0, to: &buffer)
        body(&buffer)
        let length = UInt32(buffer.count - lengthAt - 4)
        buffer[lengthAt] = UInt8(truncatingIfNeeded: length >> 24)
        buffer[lengthAt + 1] = UInt8(truncatingIfNeeded: length >> 16)
        buffer[lengthAt + 2] = UInt8(truncatingIfNeeded: length >> 8)
        buffer[lengthAt + 3] = UInt8(truncatingIfNeeded: length)
    }

    @inline(__always)
    static func appendInt16(_ value: Int16, to buffer: inout [UInt8]) {
        let bits = UInt16(bitPattern: value)
        buffer.append(UInt8(truncatingIfNeeded: bits >> 8))
        buffer.append(UInt8(truncatingIfNeeded: bits))
    }

    @inline(__always)
    static func appendInt32(_ value: Int32, to buffer: inout [UInt8]) {
        let bits = UInt32(bitPattern: value)
        buffer.append(UInt8(truncatingIfNeeded: bits >> 24))
        buffer.append(UInt8(truncatingIfNeeded: bits >> 16))
        buffer.append(UInt8(truncatingIfNeeded: bits >> 8))
        buffer.append(UInt8(truncatingIfNeeded: bits))
    }

    @inline(__always)
    static func appendInt64(_ value: Int64, to buffer: inout [UInt8]) {
        appendInt32(Int32(truncatingIfNeeded: value >> 32), to: &buffer)
        appendInt32(Int32(truncatingIfNeeded: value), to: &buffer)
    }
}
