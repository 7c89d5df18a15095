/// NDJSON: every LF ends a record (JSON strings cannot hold a raw newline),
/// so a bad line never affects the next one.
extension JSONReader {
    func readLines(onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws {
        while true {
            guard let lineFeed = input.nextLineFeed(from: input.start) else {
                if input.end - input.start > options.maxRecordBytes {
                    try rejectOversizedLine(onReject)
                    continue
                }
                if try fill() { continue }
                // The last line may lack its newline.
                if input.start < input.end { try readLine(lineEnd: input.end, onRecord: onRecord, onReject: onReject) }
                return
            }
            try readLine(lineEnd: lineFeed, onRecord: onRecord, onReject: onReject)
            input.start = lineFeed + 1
            line += 1
        }
    }

    private func readLine(lineEnd: Int, onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws {
        var contentEnd = lineEnd
        if contentEnd > input.start && input.base[contentEnd - 1] == 13 { contentEnd -= 1 }
        var first = input.start
        while first < contentEnd && (input.base[first] == 32 || input.base[first] == 9 || input.base[first] == 13) { first += 1 }
        if first == contentEnd { return }  // blank lines separate nothing
        try deliver(start: input.start, end: contentEnd, rawEnd: contentEnd, onRecord: onRecord, onReject: onReject)
    }

    private func rejectOversizedLine(_ onReject: (FeedReject) throws -> Void) throws {
        recordNumber += 1
        let reason = "line \(line): line longer than \(options.maxRecordBytes) bytes"
        try onReject(reject(reason: reason, from: input.start, to: input.start + options.maxRecordBytes))
        _ = try input.discardThroughLineFeed()
        line += 1
    }
}
