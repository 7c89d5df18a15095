import Foundation
import Yams

extension FeedDefinition {
    /// Every key a feed definition may hold; anything else is an error, so a
    /// typo (`delimter:`) is caught instead of silently ignored.
    public static let yamlKeys: [String] = [
        "name", "kind", "format", "delimiter", "quote", "record_terminator", "escape", "ragged", "header", "columns", "skip_lines",
        "null", "empty_is_null", "null_fields", "trim", "encoding", "max_record_bytes", "mapping", "date_formats", "timestamp_formats",
        "time_zone", "default_country", "default_currency", "decimal_separator", "max_reject_ratio", "inbox",
    ]

    /// Reads one definition from a YAML mapping node, as found in a feed file
    /// or under the config's `feeds:` (where the entry's key can supply `name`).
    /// Throws ``FeedDefinitionError`` naming the file, feed and key at fault.
    public init(yaml node: Node, name: String? = nil, file: String? = nil) throws {
        var reader = YAMLFieldReader(file: file, feed: name)
        guard let mapping = node.mapping else {
            throw reader.error(nil, node, "a feed definition must be a mapping of keys to values")
        }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else { throw reader.error(nil, keyNode, "keys must be plain names") }
            guard Self.yamlKeys.contains(key) else {
                throw reader.error(key, keyNode, "unknown key; known keys are: \(Self.yamlKeys.joined(separator: ", "))")
            }
            values[key] = value
        }
        let feedName = try values["name"].map { try reader.string("name", $0) } ?? name
        guard let feedName, !feedName.isEmpty else { throw reader.error("name", node, "every feed needs a name") }
        reader.feed = feedName
        guard let kindNode = values["kind"] else {
            throw reader.error("kind", node, "missing; one of \(FeedKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let kindName = try reader.string("kind", kindNode)
        guard let kind = FeedKind(name: kindName) else {
            throw reader.error("kind", kindNode, "unknown feed kind '\(kindName)'; one of \(FeedKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(name: feedName, kind: kind)
        try readFormat(values, &reader)
        try readMapping(values["mapping"], &reader)
        try readFieldNullMarkers(values["null_fields"], &reader)
        try readParsingRules(values, &reader)
    }

    /// Reads a definition from YAML text (one feed per document).
    public init(yaml text: String, name: String? = nil, file: String? = nil) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw FeedDefinitionError(file: file, feed: name, message: "not valid YAML: \(error)")
        }
        guard let node else { throw FeedDefinitionError(file: file, feed: name, message: "the file is empty") }
        try self.init(yaml: node, name: name, file: file)
    }

    /// Reads the definition in the YAML file at `path`; the file name (without
    /// extension) is the feed's name unless the file sets `name:`.
    public static func load(path: String) throws -> FeedDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FeedDefinitionError(file: path, message: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try FeedDefinition(yaml: text, name: base, file: path)
    }

    private mutating func readFormat(_ values: [String: Node], _ reader: inout YAMLFieldReader) throws {
        if let node = values["format"] {
            let text = try reader.string("format", node)
            guard let format = FeedFormat(rawValue: text.lowercased()) else {
                throw reader.error("format", node, "unknown format '\(text)'; one of csv, tsv, ndjson, json")
            }
            self.format = format
        }
        if let node = values["delimiter"] {
            let text = try reader.string("delimiter", node)
            guard let bytes = FormatOptions.parseSeparator(text) else {
                throw reader.error("delimiter", node, "must be one to 8 bytes of text such as ',' or '¦' (or tab, comma, semicolon, pipe)")
            }
            options.setDelimiter(bytes)
        }
        if let node = values["record_terminator"] {
            let text = try reader.string("record_terminator", node)
            guard let bytes = FormatOptions.parseSeparator(text) else {
                throw reader.error("record_terminator", node, "must be one to 8 bytes of text such as '¶' (\\n, \\r, \\xNN allowed)")
            }
            options.recordTerminator = bytes
        }
        if let node = values["quote"] {
            if reader.isNullOrFalse(node) || (node.scalar?.string.lowercased() == "none") {
                options.quote = nil
            } else {
                let text = try reader.string("quote", node)
                guard let bytes = FormatOptions.parseSeparator(text) else { throw reader.error("quote", node, "must be one to 8 bytes of text such as '\"' or '«', or none") }
                options.setQuote(bytes)
            }
        }
        if let node = values["escape"] {
            let text = try reader.string("escape", node)
            guard let escape = EscapeStyle(rawValue: text.lowercased()) else {
                throw reader.error("escape", node, "must be doubled, backslash or backslash-quote")
            }
            options.escape = escape
        }
        if let node = values["ragged"] {
            let text = try reader.string("ragged", node)
            guard let ragged = RaggedPolicy(rawValue: text.lowercased()) else {
                throw reader.error("ragged", node, "must be strict or lenient")
            }
            options.ragged = ragged
        }
        if let node = values["header"] { options.hasHeader = try reader.bool("header", node) }
        if let node = values["columns"] { options.columnNames = try reader.strings("columns", node) }
        if let node = values["skip_lines"] { options.skipLines = try reader.int("skip_lines", node, minimum: 0) }
        // Markers add to the empty value unless `empty_is_null: false` says otherwise.
        var markers = [""]
        if let node = values["null"] {
            markers += node.sequence != nil ? try reader.strings("null", node) : [try reader.string("null", node)]
        }
        if let node = values["empty_is_null"], try !reader.bool("empty_is_null", node) {
            markers.removeAll { $0.isEmpty }
        }
        options.nullMarkers = markers.enumerated().filter { markers.firstIndex(of: $0.element) == $0.offset }.map(\.element)
        if let node = values["trim"] { options.trim = try reader.bool("trim", node) }
        if let node = values["encoding"] {
            let text = try reader.string("encoding", node)
            guard let encoding = SourceEncoding(name: text) else {
                throw reader.error("encoding", node, "unknown encoding '\(text)'; one of utf-8, latin-1, windows-1252, ascii")
            }
            options.encoding = encoding
        }
        if let node = values["max_record_bytes"] { options.maxRecordBytes = try reader.int("max_record_bytes", node, minimum: 1024) }
        do {
            try options.validate(format: format ?? .csv, file: reader.file ?? "feed definition")
        } catch let error as FeedReadError {
            throw FeedDefinitionError(file: reader.file, feed: name, message: error.message)
        }
    }

    private mutating func readMapping(_ node: Node?, _ reader: inout YAMLFieldReader) throws {
        guard let node else { return }
        guard let entries = node.mapping else { throw reader.error("mapping", node, "must map canonical fields to source columns") }
        for (keyNode, value) in entries {
            guard let field = keyNode.scalar?.string else { throw reader.error("mapping", keyNode, "keys must be canonical field names") }
            guard kind.canonicalFields.contains(field) else {
                throw reader.error("mapping.\(field)", keyNode,
                                   "'\(field)' is not a field of \(kind.rawValue) feeds; fields: \(kind.canonicalFields.joined(separator: ", "))")
            }
            if reader.isNullOrFalse(value) {
                if kind.requiredFields.contains(field) {
                    throw reader.error("mapping.\(field)", value, "'\(field)' is required for \(kind.rawValue) feeds and cannot be mapped to nothing")
                }
                absentFields.insert(field)
                continue
            }
            guard let source = value.scalar?.string, !source.isEmpty else {
                throw reader.error("mapping.\(field)", value, "must name a source column or JSON path")
            }
            mapping[field] = source
        }
    }

    /// `null_fields:` maps canonical fields to markers of their own (added
    /// to `null:`); they apply to the source column each field is mapped to.
    private mutating func readFieldNullMarkers(_ node: Node?, _ reader: inout YAMLFieldReader) throws {
        guard let node else { return }
        guard let entries = node.mapping else { throw reader.error("null_fields", node, "must map canonical fields to a NULL marker or a list of them") }
        for (keyNode, value) in entries {
            guard let field = keyNode.scalar?.string, kind.canonicalFields.contains(field) else {
                throw reader.error("null_fields", keyNode, "keys must be fields of \(kind.rawValue) feeds: \(kind.canonicalFields.joined(separator: ", "))")
            }
            let key = "null_fields.\(field)"
            let markers = value.sequence != nil ? try reader.strings(key, value) : [try reader.string(key, value)]
            options.columnNullMarkers[mapping[field] ?? field, default: []] += markers
        }
    }

    private mutating func readParsingRules(_ values: [String: Node], _ reader: inout YAMLFieldReader) throws {
        if let node = values["date_formats"] { dateFormats = try reader.strings("date_formats", node) }
        if let node = values["timestamp_formats"] { timestampFormats = try reader.strings("timestamp_formats", node) }
        if let node = values["time_zone"] {
            timeZone = try reader.string("time_zone", node)
            if TimeZone(identifier: timeZone) == nil {
                throw reader.error("time_zone", node, "unknown time zone '\(timeZone)'; use an IANA name such as Europe/Berlin or UTC")
            }
        }
        if let node = values["default_country"] { defaultCountry = try reader.string("default_country", node).uppercased() }
        if let node = values["default_currency"] { defaultCurrency = try reader.string("default_currency", node).uppercased() }
        if let node = values["decimal_separator"] {
            decimalSeparator = try reader.string("decimal_separator", node)
            guard decimalSeparator == "." || decimalSeparator == "," else {
                throw reader.error("decimal_separator", node, "must be '.' or ','")
            }
        }
        if let node = values["max_reject_ratio"] {
            guard let ratio = node.float, ratio >= 0, ratio <= 1 else {
                throw reader.error("max_reject_ratio", node, "must be a number from 0 to 1 (0.02 = 2 %)")
            }
            maxRejectRatio = ratio
        }
        if let node = values["inbox"] { inbox = try reader.string("inbox", node) }
    }
}
