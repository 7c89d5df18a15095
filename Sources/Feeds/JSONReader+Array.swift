/// A JSON array of objects, read element by element without holding the
/// array. Each element's extent is found by a bracket-and-string scan first,
/// so an element that is balanced but invalid inside is rejected alone and
/// the next one is read; when the array's own structure breaks (a missing
/// comma, mismatched brackets, the file ending early) there is no safe place
/// to resume, so the reader refuses the whole file (`FeedReadError` code
/// `brokenStructure`), naming the line: a record is never silently lost.
extension JSONReader {
    private enum Extent {
        case complete(end: Int)
        case needMore
        case broken(offset: Int, message: String)
    }

    func readArray(onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws {
        let openLine = line
        input.start += 1  // [
        _ = try skipWhitespace()
        if input.start < input.end && input.base[input.start] == UInt8(ascii: "]") {
            input.start += 1
            try finishAfterArray(onReject)
            return
        }
        while true {
            _ = try skipWhitespace()
            guard input.start < input.end else {
                try stop("the array opened on line \(openLine) is not closed: the file ends after an element", onReject)
                return
            }
            guard let elementEnd = try scanElement(onReject) else { return }
            try deliver(start: input.start, end: elementEnd, rawEnd: elementEnd, onRecord: onRecord, onReject: onReject)
            line += input.countLineFeeds(from: input.start, to: elementEnd)
            input.start = elementEnd
            _ = try skipWhitespace()
            guard input.start < input.end else {
                try stop("the array opened on line \(openLine) is not closed: expected ',' or ']', found the end of the file", onReject)
                return
            }
            let separator = input.base[input.start]
            if separator == UInt8(ascii: ",") {
                input.start += 1
                continue
            }
            if separator == UInt8(ascii: "]") {
                input.start += 1
                try finishAfterArray(onReject)
                return
            }
            try stop("expected ',' or ']' after an array element, found \(describe(separator))", onReject)
            return
        }
    }

    /// Finds the element starting at `input.start`, reading more as needed.
    /// Returns its end, or nil after rejecting a structural break.
    private func scanElement(_ onReject: (FeedReject) throws -> Void) throws -> Int? {
        while true {
            switch scanExtent(from: input.start) {
            case .complete(let end):
                return end
            case .broken(let offset, let message):
                line += input.countLineFeeds(from: input.start, to: offset)
                try stop(message, onReject)
                return nil
            case .needMore:
                if input.end - input.start > options.maxRecordBytes {
                    try stop("array element longer than \(options.maxRecordBytes) bytes", onReject)
                    return nil
                }
                if try !fill() {
                    try stop("array element starting here is not closed before the end of the file", onReject)
                    return nil
                }
            }
        }
    }

    /// Bracket depth and strings only; the element's content is checked by
    /// the object parser afterwards.
    private func scanExtent(from start: Int) -> Extent {
        let base = input.base
        let end = input.end
        var p = start
        closers.removeAll(keepingCapacity: true)
        let first = base[p]
        if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") {
            // A scalar element: runs to the next separator; the parser rejects it.
            var inString = false
            while p < end {
                let byte = base[p]
                if inString {
                    if byte == UInt8(ascii: "\\") { p += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == 10 || byte == 13 || byte == 32 || byte == 9 {
                    return .complete(end: p)
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "}") {
                    return .broken(offset: p, message: "unexpected \(describe(byte)) in an array element")
                }
                p += 1
            }
            return input.atEOF ? .complete(end: min(p, end)) : .needMore
        }
        while p < end {
            let byte = base[p]
            switch byte {
            case UInt8(ascii: "\""):
                p += 1
                while p < end && base[p] != UInt8(ascii: "\"") {
                    p += base[p] == UInt8(ascii: "\\") ? 2 : 1
                }
                if p >= end { return .needMore }
            case UInt8(ascii: "{"):
                closers.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                closers.append(UInt8(ascii: "]"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard closers.last == byte else {
                    return .broken(offset: p, message: "mismatched \(describe(byte)) (expected \(closers.last.map(describe) ?? "nothing"))")
                }
                closers.removeLast()
                if closers.isEmpty { return .complete(end: p + 1) }
            default:
                break
            }
            p += 1
        }
        return .needMore
    }

    /// After the closing bracket only whitespace may follow.
    private func finishAfterArray(_ onReject: (FeedReject) throws -> Void) throws {
        _ = try skipWhitespace()
        if input.start < input.end {
            try stop("unexpected \(describe(input.base[input.start])) after the end of the array", onReject)
        }
    }

    /// A break in the array's structure leaves no way to find the next
    /// element: the file is refused as a whole (a file-level error), never
    /// half read with the records after the break silently lost.
    private func stop(_ message: String, _ onReject: (FeedReject) throws -> Void) throws {
        throw FeedReadError(
            code: .brokenStructure, file: input.path, line: line,
            message: "\(message); the records after it cannot be found, so the file is refused whole")
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : UTF8Validation.hexByte(byte)
    }
}
