/// Where a file load reports how far it got, for a progress bar. Called
/// every few thousand records, so an implementation may draw directly.
public protocol LoadProgress: AnyObject {
    func started(file: String, totalBytes: Int64)
    func advanced(bytesRead: Int64, rows: Int)
    func finished()
}

/// Counts records and their bytes as a file streams by.
struct ProgressCounter {
    let sink: LoadProgress?
    private(set) var rows = 0
    private(set) var bytes: Int64 = 0

    init(sink: LoadProgress?) {
        self.sink = sink
    }

    @inline(__always)
    mutating func record(bytes count: Int) {
        rows += 1
        bytes += Int64(count + 1)  // the record's line ending
        if rows & 0x1fff == 0 { sink?.advanced(bytesRead: bytes, rows: rows) }
    }
}
