/// Splits one delimited record out of the input window into the field store.
/// It never consumes input itself: the driver (``CSVReader``) decides, from the
/// outcome, whether to hand the record out, reject it, or read more first.
final class CSVRecordParser {
    enum Outcome {
        /// A complete record ending before `rawEnd` (terminator included);
        /// `lineFeeds` counts the LFs in it; `highBit` tells whether any byte
        /// was ≥ 0x80, so UTF-8 must be checked.
        case record(rawEnd: Int, contentEnd: Int, lineFeeds: Int, highBit: Bool)
        /// An empty record (a line break, or the record terminator, alone);
        /// skipped without a record number. `lineFeeds` counts its LFs.
        case blank(rawEnd: Int, lineFeeds: Int)
        /// The window ends inside the record and more input exists.
        case needMore
        case endOfInput
        /// The stream ended inside the quoted field opened at `line offset`
        /// lines after the record's first line, byte `column` of that line.
        case unterminatedQuote(field: Int, lineOffset: Int)
        /// Something after a closing quote other than a delimiter or line end.
        case badCharacterAfterQuote(field: Int, offset: Int)
        /// Blanks, then an opening quote (`a,  "b"`) without trimming: the
        /// quote at `offset` would otherwise be data, quotes and all.
        case blankBeforeQuote(field: Int, offset: Int)
    }

    let store = FieldStore()
    private let delimiter: UInt8
    private let quote: UInt8
    private let hasQuote: Bool
    private let backslash: Bool
    /// `backslash-quote`: only `\"` (and `\\` before a quote) are escapes, inside quotes.
    private let backslashQuote: Bool
    private let trim: Bool
    /// Without trim, blanks then a quote open no quoted value: that record is
    /// a reject. The plain scanner stops at quotes for it (no cost per field);
    /// with backslash escapes it has no target left, so each field's start is checked.
    private let checksBlankBeforeQuote: Bool
    private let scansQuotes: Bool
    let emptyIsNull: Bool
    let markers: NullMarkers
    /// Whether values must be compared with markers (any non-empty or column marker).
    private var hasNullMarkers: Bool
    /// Find the bytes that end or complicate an unquoted / quoted value.
    private let plainScanner: ByteScanner
    private let quotedScanner: ByteScanner

    init(options: FormatOptions, format: FeedFormat) {
        delimiter = options.effectiveDelimiter(for: format)
        quote = options.quote ?? 0
        hasQuote = options.quote != nil
        backslash = options.escape == .backslash
        backslashQuote = options.escape == .backslashQuote
        trim = options.trim
        scansQuotes = !options.trim && options.quote != nil && options.escape != .backslash
        checksBlankBeforeQuote = !options.trim && options.quote != nil && options.escape == .backslash
        markers = NullMarkers(options: options)
        emptyIsNull = markers.emptyIsNull
        hasNullMarkers = markers.any
        let backslashByte = UInt8(ascii: "\\")
        plainScanner = ByteScanner(targets: [delimiter, 10, 13, backslash ? backslashByte : (scansQuotes ? quote : delimiter)])
        let quoteByte = options.quote ?? delimiter
        quotedScanner = ByteScanner(targets: [quoteByte, 10, backslash || backslashQuote ? backslashByte : quoteByte])
    }

    /// Places the per-column NULL markers once the column names are known
    /// (header, `columns:`, or positions "1", "2", …).
    func resolveColumnMarkers(names: [String]) {
        markers.resolve(names: names)
        hasNullMarkers = markers.any
    }

    deinit {
        plainScanner.deallocate()
        quotedScanner.deallocate()
    }

    @inline(__always)
    private func isBlank(_ byte: UInt8) -> Bool {
        (byte == 32 || byte == 9) && byte != delimiter
    }

    /// Parses the record starting at `start` in `buffer[start..<end]`.
    func parse(_ buffer: UnsafePointer<UInt8>, start: Int, end: Int, atEOF: Bool) -> Outcome {
        var fields = FieldWriter(store)
        defer { fields.commit() }
        var p = start
        if p >= end { return atEOF ? .endOfInput : .needMore }
        if buffer[p] == 10 { return .blank(rawEnd: p + 1, lineFeeds: 1) }
        if buffer[p] == 13 {
            if p + 1 < end { if buffer[p + 1] == 10 { return .blank(rawEnd: p + 2, lineFeeds: 1) } } else if !atEOF { return .needMore }
        }
        var lineFeeds = 0
        var highBit = false
        var field = 0
        while true {
            if trim { while p < end && isBlank(buffer[p]) { p += 1 } }
            if hasQuote && p < end && buffer[p] == quote {
                // Quoted value: delimiters, line breaks and (escaped) quotes are data.
                let openedAt = lineFeeds
                p += 1
                let contentStart = p
                var segmentStart = p
                var scratchStart = -1
                var contentEnd = -1
                while contentEnd < 0 {
                    p = quotedScanner.next(buffer, from: p, end: end)
                    if p >= end { return atEOF ? .unterminatedQuote(field: field, lineOffset: openedAt) : .needMore }
                    let byte = buffer[p]
                    if byte == quote && !backslash && !backslashQuote {
                        if p + 1 >= end && !atEOF { return .needMore }
                        if p + 1 < end && buffer[p + 1] == quote {
                            // "" inside quotes: keep one quote.
                            if scratchStart < 0 { scratchStart = store.scratchCount }
                            store.appendToScratch(buffer + segmentStart, count: p + 1 - segmentStart)
                            p += 2
                            segmentStart = p
                        } else {
                            contentEnd = p
                            p += 1
                        }
                    } else if byte == quote {
                        contentEnd = p
                        p += 1
                    } else if byte == 10 {
                        lineFeeds += 1; p += 1
                    } else if byte >= 0x80 {
                        highBit = true; p += 1
                    } else if backslashQuote {
                        // A backslash escapes only a quote, or a backslash right before a quote.
                        if p + 2 >= end && !atEOF { return .needMore }
                        let next: UInt8 = p + 1 < end ? buffer[p + 1] : 0
                        let isEscape = next == quote || (next == byte && p + 2 < end && buffer[p + 2] == quote)
                        if isEscape {
                            if scratchStart < 0 { scratchStart = store.scratchCount }
                            store.appendToScratch(buffer + segmentStart, count: p - segmentStart)
                            store.appendToScratch(next)
                            p += 2
                            segmentStart = p
                        } else {
                            p += 1
                        }
                    } else {
                        // Backslash escape inside quotes.
                        if p + 1 >= end { return atEOF ? .unterminatedQuote(field: field, lineOffset: openedAt) : .needMore }
                        if scratchStart < 0 { scratchStart = store.scratchCount }
                        store.appendToScratch(buffer + segmentStart, count: p - segmentStart)
                        let escaped = buffer[p + 1]
                        if escaped == 10 { lineFeeds += 1 }
                        if escaped >= 0x80 { highBit = true }
                        store.appendToScratch(Self.unescape(escaped))
                        p += 2
                        segmentStart = p
                    }
                }
                if scratchStart >= 0 {
                    store.appendToScratch(buffer + segmentStart, count: contentEnd - segmentStart)
                    fields.appendScratch(from: scratchStart)
                } else {
                    fields.append(start: contentStart, length: contentEnd - contentStart)
                }
                if trim { while p < end && isBlank(buffer[p]) { p += 1 } }
                if p >= end {
                    if !atEOF { return .needMore }
                    return .record(rawEnd: end, contentEnd: end, lineFeeds: lineFeeds, highBit: highBit)
                }
                let next = buffer[p]
                if next == delimiter { p += 1; field += 1; continue }
                if next == 10 { return .record(rawEnd: p + 1, contentEnd: p, lineFeeds: lineFeeds + 1, highBit: highBit) }
                if next == 13 {
                    if p + 1 >= end {
                        if !atEOF { return .needMore }
                        return .record(rawEnd: end, contentEnd: p, lineFeeds: lineFeeds, highBit: highBit)
                    }
                    if buffer[p + 1] == 10 { return .record(rawEnd: p + 2, contentEnd: p, lineFeeds: lineFeeds + 1, highBit: highBit) }
                }
                return .badCharacterAfterQuote(field: field, offset: p - start)
            }

            if checksBlankBeforeQuote && p < end && isBlank(buffer[p]) {
                var q = p + 1
                while q < end && isBlank(buffer[q]) { q += 1 }
                if q >= end && !atEOF { return .needMore }
                if q < end && buffer[q] == quote { return .blankBeforeQuote(field: field, offset: q - start) }
            }

            // Unquoted value: runs to the delimiter or the line end.
            let contentStart = p
            var escaped = false
            var terminator: UInt8 = 0  // 0 = end of input
            while true {
                p = plainScanner.next(buffer, from: p, end: end)
                if p >= end {
                    if !atEOF { return .needMore }
                    break
                }
                let byte = buffer[p]
                if byte == delimiter || byte == 10 { terminator = byte; break }
                if byte == 13 {
                    if p + 1 >= end {
                        if !atEOF { return .needMore }
                        terminator = 13; break
                    }
                    if buffer[p + 1] == 10 { terminator = 13; break }
                    p += 1  // a lone CR is data
                } else if byte >= 0x80 {
                    highBit = true; p += 1
                } else if scansQuotes {
                    // A quote inside an unquoted value is data, unless only blanks precede it.
                    var q = contentStart
                    while q < p && isBlank(buffer[q]) { q += 1 }
                    if q == p { return .blankBeforeQuote(field: field, offset: p - start) }
                    p += 1
                } else {
                    // Backslash: the next byte is data, whatever it is.
                    if p + 1 >= end && !atEOF { return .needMore }
                    escaped = true
                    if p + 1 < end {
                        if buffer[p + 1] == 10 { lineFeeds += 1 }
                        if buffer[p + 1] >= 0x80 { highBit = true }
                    }
                    p = min(p + 2, end)
                }
            }
            var contentEnd = p
            if trim { while contentEnd > contentStart && isBlank(buffer[contentEnd - 1]) { contentEnd -= 1 } }
            if escaped || hasNullMarkers {
                appendUnquoted(&fields, buffer, from: contentStart, to: contentEnd, escaped: escaped, field: field)
            } else if contentEnd > contentStart || !emptyIsNull {
                fields.append(start: contentStart, length: contentEnd - contentStart)
            } else {
                fields.appendNull()
            }
            switch terminator {
            case 0:
                return .record(rawEnd: end, contentEnd: end, lineFeeds: lineFeeds, highBit: highBit)
            case 10:
                return .record(rawEnd: p + 1, contentEnd: p, lineFeeds: lineFeeds + 1, highBit: highBit)
            case 13:
                return .record(rawEnd: min(p + 2, end), contentEnd: p, lineFeeds: lineFeeds + (p + 1 < end ? 1 : 0), highBit: highBit)
            default:
                p += 1
                field += 1
            }
        }
    }
}
