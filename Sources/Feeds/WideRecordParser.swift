/// Splits one delimited record when a separator has several bytes (`¦`, `||`)
/// or records end in something other than a line break (`¶`). Same outcomes
/// as ``CSVRecordParser``; it is only chosen when such an option is set, so
/// the single-byte files keep the fast path. A separator cut by the end of
/// the window asks for more input, so chunk boundaries never split one.
final class WideRecordParser {
    private enum Match { case yes, no, partial }

    let store = FieldStore()
    private let delimiter: [UInt8]
    private let quote: [UInt8]
    private let hasQuote: Bool
    /// Nil: records end in LF or CRLF, as in the fast path.
    private let terminator: [UInt8]?
    private let terminatorLineFeeds: Int
    private let escape: EscapeStyle
    private let trim: Bool
    let markers: NullMarkers
    private let plainScanner: ByteScanner
    private let quotedScanner: ByteScanner
    private static let backslash = UInt8(ascii: "\\")

    init(options: FormatOptions, format: FeedFormat) {
        delimiter = options.delimiterBytes(for: format)
        quote = options.quoteBytes ?? []
        hasQuote = options.quoteBytes != nil
        terminator = options.recordTerminator
        terminatorLineFeeds = options.recordTerminator?.filter { $0 == 10 }.count ?? 1
        escape = options.escape
        trim = options.trim
        markers = NullMarkers(options: options)
        let fourth = options.escape == .backslash ? Self.backslash : delimiter[0]
        plainScanner = ByteScanner(targets: [delimiter[0], 10, terminator?[0] ?? 13, fourth])
        let quoteFirst = quote.first ?? delimiter[0]
        quotedScanner = ByteScanner(targets: [quoteFirst, 10, options.escape == .doubled ? quoteFirst : Self.backslash])
    }

    deinit {
        plainScanner.deallocate()
        quotedScanner.deallocate()
    }

    @inline(__always)
    private func match(_ pattern: [UInt8], _ buffer: UnsafePointer<UInt8>, at p: Int, end: Int) -> Match {
        var index = 0
        while index < pattern.count {
            if p + index >= end { return .partial }
            if buffer[p + index] != pattern[index] { return .no }
            index += 1
        }
        return .yes
    }

    @inline(__always)
    private func isBlank(_ byte: UInt8) -> Bool {
        (byte == 32 || byte == 9) && !(delimiter.count == 1 && delimiter[0] == byte)
    }

    /// The terminator at `p`: its length and its LFs, `needMore`, or nil.
    private enum Ending { case at(length: Int, lineFeeds: Int), needMore, none }

    @inline(__always)
    private func ending(_ buffer: UnsafePointer<UInt8>, at p: Int, end: Int, atEOF: Bool) -> Ending {
        if let terminator {
            guard buffer[p] == terminator[0] else { return .none }
            switch match(terminator, buffer, at: p, end: end) {
            case .no: return .none
            case .partial: return atEOF ? .none : .needMore
            case .yes:
                // A line break right after the terminator belongs to it (`¶` then LF).
                let after = p + terminator.count
                if after >= end { return atEOF ? .at(length: terminator.count, lineFeeds: terminatorLineFeeds) : .needMore }
                if buffer[after] == 10 { return .at(length: terminator.count + 1, lineFeeds: terminatorLineFeeds + 1) }
                if buffer[after] == 13 {
                    if after + 1 >= end { return atEOF ? .at(length: terminator.count, lineFeeds: terminatorLineFeeds) : .needMore }
                    if buffer[after + 1] == 10 { return .at(length: terminator.count + 2, lineFeeds: terminatorLineFeeds + 1) }
                }
                return .at(length: terminator.count, lineFeeds: terminatorLineFeeds)
            }
        }
        if buffer[p] == 10 { return .at(length: 1, lineFeeds: 1) }
        if buffer[p] == 13 {
            if p + 1 >= end { return atEOF ? .at(length: 1, lineFeeds: 0) : .needMore }
            if buffer[p + 1] == 10 { return .at(length: 2, lineFeeds: 1) }
        }
        return .none
    }

    func parse(_ buffer: UnsafePointer<UInt8>, start: Int, end: Int, atEOF: Bool) -> CSVRecordParser.Outcome {
        var fields = FieldWriter(store)
        defer { fields.commit() }
        var p = start
        if p >= end { return atEOF ? .endOfInput : .needMore }
        // A lone CR ending the file is a record of one empty value, as in the fast path.
        let loneFinalCR = terminator == nil && atEOF && p + 1 == end && buffer[p] == 13
        if !loneFinalCR {
            switch ending(buffer, at: p, end: end, atEOF: atEOF) {
            case let .at(length, lineFeeds): return .blank(rawEnd: p + length, lineFeeds: lineFeeds)
            case .needMore: return .needMore
            case .none: break
            }
        }
        var lineFeeds = 0
        var highBit = false
        var field = 0
        while true {
            if trim { while p < end && isBlank(buffer[p]) { p += 1 } }
            if hasQuote && p < end && buffer[p] == quote[0] {
                switch match(quote, buffer, at: p, end: end) {
                case .partial where !atEOF: return .needMore
                case .yes:
                    let openedAt = lineFeeds
                    switch readQuoted(buffer, from: p + quote.count, end: end, atEOF: atEOF, lineFeeds: &lineFeeds, highBit: &highBit, fields: &fields) {
                    case .needMore: return .needMore
                    case .unterminated: return .unterminatedQuote(field: field, lineOffset: openedAt)
                    case .closed(let after): p = after
                    }
                    if trim { while p < end && isBlank(buffer[p]) { p += 1 } }
                    if p >= end {
                        if !atEOF { return .needMore }
                        return .record(rawEnd: end, contentEnd: end, lineFeeds: lineFeeds, highBit: highBit)
                    }
                    if buffer[p] == delimiter[0] {
                        switch match(delimiter, buffer, at: p, end: end) {
                        case .yes: p += delimiter.count; field += 1; continue
                        case .partial where !atEOF: return .needMore
                        default: break
                        }
                    }
                    switch ending(buffer, at: p, end: end, atEOF: atEOF) {
                    case let .at(length, feeds): return .record(rawEnd: p + length, contentEnd: p, lineFeeds: lineFeeds + feeds, highBit: highBit)
                    case .needMore: return .needMore
                    case .none: return .badCharacterAfterQuote(field: field, offset: p - start)
                    }
                default: break
                }
            }
            if !trim && hasQuote && p < end && isBlank(buffer[p]) {
                var q = p + 1
                while q < end && isBlank(buffer[q]) { q += 1 }
                if q + quote.count > end && !atEOF { return .needMore }
                if q < end && match(quote, buffer, at: q, end: end) == .yes { return .blankBeforeQuote(field: field, offset: q - start) }
            }

            // Unquoted value: runs to the delimiter or the record's end.
            let contentStart = p
            var escaped = false
            var ended: (length: Int, lineFeeds: Int)? = nil  // nil with p == end: end of input
            var atDelimiter = false
            scan: while true {
                p = plainScanner.next(buffer, from: p, end: end)
                if p >= end {
                    if !atEOF { return .needMore }
                    break
                }
                let byte = buffer[p]
                if byte == delimiter[0] {
                    switch match(delimiter, buffer, at: p, end: end) {
                    case .yes: atDelimiter = true; break scan
                    case .partial where !atEOF: return .needMore
                    default: break
                    }
                }
                switch ending(buffer, at: p, end: end, atEOF: atEOF) {
                case let .at(length, feeds): ended = (length, feeds); break scan
                case .needMore: return .needMore
                case .none: break
                }
                if byte == 10 { lineFeeds += 1 }
                if byte >= 0x80 { highBit = true }
                if byte == Self.backslash && escape == .backslash {
                    // The next byte is data, whatever it is.
                    if p + 1 >= end && !atEOF { return .needMore }
                    escaped = true
                    if p + 1 < end {
                        if buffer[p + 1] == 10 { lineFeeds += 1 }
                        if buffer[p + 1] >= 0x80 { highBit = true }
                    }
                    p = min(p + 2, end)
                } else {
                    p += 1
                }
            }
            var contentEnd = p
            if trim { while contentEnd > contentStart && isBlank(buffer[contentEnd - 1]) { contentEnd -= 1 } }
            appendUnquoted(&fields, buffer, from: contentStart, to: contentEnd, escaped: escaped, field: field)
            if atDelimiter {
                p += delimiter.count
                field += 1
                continue
            }
            guard let ended else { return .record(rawEnd: end, contentEnd: end, lineFeeds: lineFeeds, highBit: highBit) }
            return .record(rawEnd: p + ended.length, contentEnd: p, lineFeeds: lineFeeds + ended.lineFeeds, highBit: highBit)
        }
    }

    private enum Quoted { case closed(after: Int), needMore, unterminated }

    /// Reads a quoted value from just after its opening quote.
    private func readQuoted(_ buffer: UnsafePointer<UInt8>, from: Int, end: Int, atEOF: Bool,
                            lineFeeds: inout Int, highBit: inout Bool, fields: inout FieldWriter) -> Quoted {
        var p = from
        var segmentStart = p
        var scratchStart = -1
        func keep(upTo stop: Int) {
            if scratchStart < 0 { scratchStart = store.scratchCount }
            store.appendToScratch(buffer + segmentStart, count: stop - segmentStart)
        }
        while true {
            p = quotedScanner.next(buffer, from: p, end: end)
            if p >= end { return atEOF ? .unterminated : .needMore }
            let byte = buffer[p]
            if byte == quote[0] {
                switch match(quote, buffer, at: p, end: end) {
                case .partial where !atEOF: return .needMore
                case .yes:
                    let after = p + quote.count
                    if escape == .doubled {
                        switch match(quote, buffer, at: after, end: end) {
                        case .partial where !atEOF: return .needMore
                        case .yes:
                            // A doubled quote inside quotes: keep one.
                            keep(upTo: after)
                            p = after + quote.count
                            segmentStart = p
                            continue
                        default: break
                        }
                    }
                    if scratchStart >= 0 {
                        keep(upTo: p)
                        fields.appendScratch(from: scratchStart)
                    } else {
                        fields.append(start: from, length: p - from)
                    }
                    return .closed(after: after)
                default: break
                }
            }
            if byte == 10 { lineFeeds += 1 }
            if byte >= 0x80 { highBit = true }
            if byte == Self.backslash && escape != .doubled {
                if p + 2 + quote.count > end && !atEOF { return .needMore }
                if match(quote, buffer, at: p + 1, end: end) == .yes {
                    keep(upTo: p)
                    store.appendToScratch(quote, count: quote.count)
                    p += 1 + quote.count
                    segmentStart = p
                    continue
                }
                if escape == .backslashQuote {
                    // `\\` counts only right before a quote.
                    if p + 1 < end && buffer[p + 1] == Self.backslash && match(quote, buffer, at: p + 2, end: end) == .yes {
                        keep(upTo: p + 1)
                        p += 2
                        segmentStart = p
                    } else {
                        p += 1
                    }
                    continue
                }
                if p + 1 >= end { return .unterminated }
                keep(upTo: p)
                let escaped = buffer[p + 1]
                if escaped == 10 { lineFeeds += 1 }
                if escaped >= 0x80 { highBit = true }
                store.appendToScratch(CSVRecordParser.unescape(escaped))
                p += 2
                segmentStart = p
                continue
            }
            p += 1
        }
    }
}

extension WideRecordParser: DelimitedRecordParser {
    /// The next record terminator (or line break) at or after `from`.
    func recordEnd(_ buffer: UnsafePointer<UInt8>, from: Int, end: Int) -> (contentEnd: Int, rawEnd: Int)? {
        var index = from
        while index < end {
            if let terminator {
                if buffer[index] == terminator[0] && match(terminator, buffer, at: index, end: end) == .yes {
                    if case let .at(length, _) = ending(buffer, at: index, end: end, atEOF: true) { return (index, index + length) }
                }
            } else if buffer[index] == 10 {
                return (index > from && buffer[index - 1] == 13 ? index - 1 : index, index + 1)
            }
            index += 1
        }
        return nil
    }

    func resolveColumnMarkers(names: [String]) {
        markers.resolve(names: names)
    }

    private func appendUnquoted(_ fields: inout FieldWriter, _ buffer: UnsafePointer<UInt8>, from: Int, to: Int, escaped: Bool, field: Int) {
        if markers.isNull(field: field, buffer + from, to - from) {
            fields.appendNull()
            return
        }
        guard escaped else {
            fields.append(start: from, length: to - from)
            return
        }
        let scratchStart = store.scratchCount
        var p = from
        var segmentStart = from
        while p < to {
            if buffer[p] == Self.backslash && p + 1 < to {
                store.appendToScratch(buffer + segmentStart, count: p - segmentStart)
                store.appendToScratch(CSVRecordParser.unescape(buffer[p + 1]))
                p += 2
                segmentStart = p
            } else {
                p += 1
            }
        }
        store.appendToScratch(buffer + segmentStart, count: to - segmentStart)
        fields.appendScratch(from: scratchStart)
    }
}
