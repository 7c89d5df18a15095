/// What ``CSVReader`` needs of a record parser. Two implement it: the
/// single-byte fast path (``CSVRecordParser``), which the reader also calls
/// directly so its hot loop has no dynamic dispatch, and the general one for
/// separators of several bytes (``WideRecordParser``).
protocol DelimitedRecordParser: AnyObject {
    var store: FieldStore { get }
    func parse(_ buffer: UnsafePointer<UInt8>, start: Int, end: Int, atEOF: Bool) -> CSVRecordParser.Outcome
    /// Where the record starting at `from` ends if read without quoting, the
    /// place a reader resumes after a malformed record: the content end and
    /// the offset after the terminator; nil when no terminator is buffered.
    func recordEnd(_ buffer: UnsafePointer<UInt8>, from: Int, end: Int) -> (contentEnd: Int, rawEnd: Int)?
    /// Places per-column NULL markers once the column names are known.
    func resolveColumnMarkers(names: [String])
}

extension CSVRecordParser: DelimitedRecordParser {
    /// The next LF; a CR before it is not content.
    func recordEnd(_ buffer: UnsafePointer<UInt8>, from: Int, end: Int) -> (contentEnd: Int, rawEnd: Int)? {
        var index = from
        while index < end {
            if buffer[index] == 10 {
                return (index > from && buffer[index - 1] == 13 ? index - 1 : index, index + 1)
            }
            index += 1
        }
        return nil
    }
}
