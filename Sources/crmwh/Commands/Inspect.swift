import ArgumentParser
import Feeds
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what crmwh reads from a feed file, one JSON object per record.",
        discussion: """
            Records go to stdout as {"line": N, "fields": {...}} (an array of values when \
            the file has no header); rejects go to stderr with their reasons, and so do the \
            warnings of ragged rows read with --ragged lenient. The dialect flags are the feed \
            definition keys of the same names (docs/feeds.md). Exits 0 when the file was read \
            to the end, rejects or not. --count-only reads without printing and reports \
            throughput, for benchmarks.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The feed file (.gz is inflated on the fly).")
    var file: String

    @Option(help: "csv, tsv, ndjson or json (default: from the extension, .gz stripped).")
    var format: String?

    @Option(help: "Field delimiter: one character, several (¦, ||; up to 8 bytes, \\t and \\xNN allowed), or tab, comma, semicolon, pipe.")
    var delimiter: String?

    @Option(help: "Quote character or characters (default \").")
    var quote: String?

    @Option(help: ArgumentHelp("What ends a record instead of a line break, e.g. ¶ (\\n, \\r, \\xNN allowed); a line break right after it belongs to it.", valueName: "text"))
    var recordTerminator: String?

    @Flag(help: "The file has no quoting; quote characters are data.")
    var noQuote = false

    @Option(help: "How quotes are escaped inside quoted fields: doubled, backslash (also \\t \\n \\r \\0, in unquoted values too) or backslash-quote (only \\\" and \\\\ before a quote).")
    var escape: String?

    @Option(help: "Records with too few or too many fields: strict (a reject) or lenient (missing trailing fields NULL, extra ones ignored, a warning each).")
    var ragged: String?

    @Flag(help: "The first record is data, not column names.")
    var noHeader = false

    @Option(help: "Physical lines to skip before the header.")
    var skipLines = 0

    @Option(help: ArgumentHelp("An unquoted value that means NULL, besides the empty value; repeat for several. \\0 is a NUL byte, \\xNN any byte.", valueName: "marker"))
    var null: [String] = []

    @Option(help: ArgumentHelp("A NULL marker for one source column only (header name, or position without a header); repeat as needed.", valueName: "column=marker"))
    var fieldNull: [String] = []

    @Flag(help: "The empty unquoted value is an empty string, not NULL.")
    var emptyNotNull = false

    @Option(help: "utf-8, latin-1, windows-1252 or ascii (a byte ≥ 0x80 rejects its record).")
    var encoding: String?

    @Flag(help: "Strip spaces and tabs around unquoted values.")
    var trim = false

    @Option(help: ArgumentHelp("Read through a feed definition (YAML): its format options and mapping replace the flags; fields come out under their canonical names.", valueName: "path"))
    var feed: String?

    @Option(help: ArgumentHelp("Read as this feed kind: columns selected under the canonical field names.", valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("With --kind: map a canonical field to a source column or dotted JSON path; repeat as needed.", valueName: "field=source"))
    var map: [String] = []

    @Option(help: "Stop after this many records.")
    var limit: Int?

    @Flag(help: "Read every field without printing; print counts and throughput.")
    var countOnly = false

    func validate() throws {
        if let format, FeedFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format must be csv, tsv, ndjson or json")
        }
        if let delimiter, FormatOptions.parseSeparator(delimiter) == nil {
            throw ValidationError("--delimiter must be 1 to 8 bytes of text such as ',' or '¦' (or tab, comma, semicolon, pipe)")
        }
        if let quote, FormatOptions.parseSeparator(quote) == nil { throw ValidationError("--quote must be 1 to 8 bytes of text") }
        if let recordTerminator, FormatOptions.parseSeparator(recordTerminator) == nil {
            throw ValidationError("--record-terminator must be 1 to 8 bytes of text such as '¶'")
        }
        if quote != nil && noQuote { throw ValidationError("--quote and --no-quote exclude each other") }
        if let escape, EscapeStyle(rawValue: escape.lowercased()) == nil {
            throw ValidationError("--escape must be doubled, backslash or backslash-quote")
        }
        if let ragged, RaggedPolicy(rawValue: ragged.lowercased()) == nil {
            throw ValidationError("--ragged must be strict or lenient")
        }
        for entry in fieldNull where !entry.contains("=") || entry.hasPrefix("=") {
            throw ValidationError("--field-null takes column=marker, not '\(entry)'")
        }
        if let encoding, SourceEncoding(name: encoding) == nil {
            throw ValidationError("--encoding must be utf-8, latin-1, windows-1252 or ascii")
        }
        if skipLines < 0 { throw ValidationError("--skip-lines cannot be negative") }
        if let limit, limit < 0 { throw ValidationError("--limit cannot be negative") }
        if let kind, FeedKind(name: kind) == nil {
            throw ValidationError("--kind must be one of \(FeedKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !map.isEmpty && kind == nil { throw ValidationError("--map needs --kind") }
        if feed != nil && kind != nil { throw ValidationError("--feed and --kind exclude each other") }
        for entry in map where !entry.contains("=") || entry.hasSuffix("=") || entry.hasPrefix("=") {
            throw ValidationError("--map takes field=source, not '\(entry)'")
        }
    }

    func run() throws {
        var options = FormatOptions()
        if let bytes = delimiter.flatMap(FormatOptions.parseSeparator) { options.setDelimiter(bytes) }
        if let quote { options.setQuote(FormatOptions.parseSeparator(quote)) }
        if noQuote { options.setQuote(nil) }
        options.recordTerminator = recordTerminator.flatMap(FormatOptions.parseSeparator)
        if let escape { options.escape = EscapeStyle(rawValue: escape.lowercased()) ?? .doubled }
        if let ragged { options.ragged = RaggedPolicy(rawValue: ragged.lowercased()) ?? .strict }
        options.hasHeader = !noHeader
        options.skipLines = skipLines
        // Markers add to the empty value unless --empty-not-null.
        options.nullMarkers = (emptyNotNull ? [] : [""]) + null.filter { !$0.isEmpty || !emptyNotNull }
        for entry in fieldNull {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            options.columnNullMarkers[parts[0], default: []].append(parts[1])
        }
        if let encoding { options.encoding = SourceEncoding(name: encoding) ?? .utf8 }
        options.trim = trim
        let chosenFormat = format.flatMap { FeedFormat(rawValue: $0.lowercased()) }
        do {
            let reader: FeedReader
            if let feed {
                var definition = try FeedDefinition.load(path: feed)
                if let chosenFormat { definition.format = chosenFormat }
                reader = try definition.reader(path: file)
            } else if let kind = kind.flatMap(FeedKind.init(name:)) {
                var definition = FeedDefinition(name: "inspect", kind: kind, format: chosenFormat, options: options)
                for entry in map {
                    let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                    guard kind.canonicalFields.contains(parts[0]) else {
                        throw ValidationError("--map: '\(parts[0])' is not a field of \(kind.rawValue) feeds")
                    }
                    definition.mapping[parts[0]] = parts.count > 1 ? parts[1] : ""
                }
                reader = try definition.reader(path: file)
            } else {
                reader = try FeedReader(path: file, format: chosenFormat, options: options)
            }
            if countOnly { try count(reader) } else { try show(reader) }
        } catch let error as FeedReadError {
            printError("error: \(error)")
            throw ExitCode(error.code == .invalidOptions ? 2 : 1)
        } catch let error as FeedDefinitionError {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    /// Prints records as JSON lines through one buffer, flushed in large writes.
    private func show(_ reader: FeedReader) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        var shown = 0
        var reportedIgnored = false
        // Columns the mapping leaves unused are listed once, as the loader logs them.
        func reportIgnored() {
            guard !reportedIgnored else { return }
            reportedIgnored = true
            if !reader.ignoredColumns.isEmpty && (feed != nil || kind != nil) {
                printError("ignored columns: \(reader.ignoredColumns.joined(separator: ", "))")
            }
        }
        do {
            try reader.read { record in
                reportIgnored()
                if let limit, shown >= limit { throw StopReading() }
                record.appendJSON(to: &out)
                out.append(10)
                shown += 1
                if out.count >= 1 << 16 { write(&out, to: stdout) }
                if let warning = record.readWarning {
                    write(&out, to: stdout)
                    printError("warning: \(record.file) record \(record.recordNumber): line \(record.line): \(warning)")
                }
            } onReject: { reject in
                reportIgnored()
                write(&out, to: stdout)
                printError("reject: \(reject.file) record \(reject.recordNumber): \(reject.reason)")
            }
        } catch is StopReading {}
        reportIgnored()
        write(&out, to: stdout)
    }

    /// Takes every field of every record, as a loader would (its bytes' view,
    /// length and last byte), without printing; then reports counts and speed.
    private func count(_ reader: FeedReader) throws {
        let started = monotonicSeconds()
        let startedCPU = cpuSeconds()
        var fieldBytes = 0
        var nulls = 0
        var fields = 0
        var firstRejects: [String] = []
        let summary = try reader.read { record in
            for index in 0..<record.count {
                if let bytes = record.bytes(at: index) {
                    fieldBytes &+= bytes.count
                    if let last = bytes.last { fieldBytes &+= Int(last & 1) }
                } else {
                    nulls += 1
                }
            }
            fields += record.count
        } onReject: { reject in
            if firstRejects.count < 5 { firstRejects.append(reject.reason) }
        }
        let seconds = max(monotonicSeconds() - started, 1e-9)
        let cpu = max(cpuSeconds() - startedCPU, 1e-9)
        for reason in firstRejects { printError("reject: \(reason)") }
        let megabytes = Double(summary.bytes) / 1_000_000
        print(#"{"records": \#(summary.records), "rejects": \#(summary.rejects), "warnings": \#(summary.warnings), "lines": \#(summary.lines), "#
            + #""bytes": \#(summary.bytes), "fields": \#(fields), "nulls": \#(nulls), "field_bytes": \#(fieldBytes), "#
            + #""seconds": \#(rounded(seconds)), "cpu_seconds": \#(rounded(cpu)), "#
            + #""mb_per_s": \#(rounded(megabytes / seconds)), "mb_per_cpu_s": \#(rounded(megabytes / cpu)), "#
            + #""records_per_s": \#(Int(Double(summary.records) / seconds))}"#)
    }

    private func write(_ out: inout [UInt8], to stream: UnsafeMutablePointer<FILE>?) {
        guard !out.isEmpty else { return }
        out.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, stream) }
        fflush(stream)
        out.removeAll(keepingCapacity: true)
    }

    private func printError(_ text: String) {
        fputs(text + "\n", stderr)
    }

    private func rounded(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }

    private func monotonicSeconds() -> Double {
        clockSeconds(CLOCK_MONOTONIC)
    }

    /// CPU time of this process: on a shared machine the fair measure of the
    /// reader's own cost, reported beside wall time.
    private func cpuSeconds() -> Double {
        clockSeconds(CLOCK_PROCESS_CPUTIME_ID)
    }

    private func clockSeconds(_ clock: clockid_t) -> Double {
        var now = timespec()
        clock_gettime(clock, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

private struct StopReading: Error {}
