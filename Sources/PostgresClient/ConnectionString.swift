import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A libpq connection string (`key=value ...`) or URI (`postgresql://...`).
/// Knows its own password only to keep it out of every message.
///
/// Redaction works by syntax first, on any string, parseable or not: the
/// password of a URI's user info (`postgresql://user:****@host`), the value
/// of any query parameter whose name (percent-decoded) contains `password`,
/// and the value after any `password` keyword (any case, `sslpassword` and
/// `PGPASSWORD` included) and its `=`, quoted or not, up to the end of the
/// value or of the text when a quote is never closed. Then every spelling
/// of the password this string carries (as written, percent-decoded,
/// unescaped, as libpq parses it, and `PGPASSWORD`'s value) is masked
/// wherever else it appears, and so is a `"quoted"` fragment of a libpq
/// message that echoes any part of it.
public struct ConnectionString: Sendable, CustomStringConvertible {
    public let raw: String

    public init(_ raw: String) {
        self.raw = raw
    }

    static let mask = "****"

    /// The password the string carries, if any, as libpq parses it.
    var password: String? {
        options()["password"]
    }

    /// Parsed options, empty if libpq cannot parse the string.
    public func options() -> [String: String] {
        parsedOptions() ?? [:]
    }

    /// Parsed options, nil if libpq cannot parse the string.
    func parsedOptions() -> [String: String]? {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(raw, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            return nil
        }
        defer { PQconninfoFree(parsed) }
        var result: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return result
    }

    /// The string with any password masked, safe for logs.
    public var description: String {
        redact(raw)
    }

    /// `text` (this connection string itself, or a message that may echo
    /// it) with every password masked: by syntax, then every spelling of
    /// this string's password wherever it appears.
    public func redact(_ text: String) -> String {
        let rawScalars = Array(raw.unicodeScalars)
        let rawSpans = Self.secretSpans(in: rawScalars, wholeString: true, parses: parsedOptions() != nil)
        let scalars = Array(text.unicodeScalars)
        var spans: [Range<Int>]
        if text == raw {
            spans = rawSpans
        } else {
            spans = Self.secretSpans(in: scalars, wholeString: false, parses: true)
            spans += Self.echoedFragments(in: scalars, raw: rawScalars, rawSpans: rawSpans)
        }
        var result = Self.masking(scalars, spans)
        for secret in secrets(rawScalars: rawScalars, rawSpans: rawSpans) {
            result = Self.replacingAll(secret, in: result)
        }
        return result
    }

    /// Every spelling of the password(s) in `raw`, longest first.
    func secrets(rawScalars: [Unicode.Scalar], rawSpans: [Range<Int>]) -> [String] {
        var found = Set<String>()
        for span in rawSpans {
            let written = String(String.UnicodeScalarView(rawScalars[span]))
            found.insert(written)
            if let decoded = Self.percentDecoded(written) { found.insert(decoded) }
            found.insert(Self.backslashUnescaped(written))
        }
        let parsed = options()
        for keyword in ["password", "sslpassword"] {
            if let value = parsed[keyword] { found.insert(value) }
        }
        if let environment = getenv("PGPASSWORD") {
            found.insert(String(cString: environment))
        }
        found.remove("")
        found.remove(Self.mask)
        return found.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    // MARK: - Syntax

    /// The ranges of `text` that hold a password by syntax. `wholeString`:
    /// `text` is one connection string (a URI runs to its end, spaces and
    /// all, as libpq reads it); otherwise a URI ends at whitespace.
    /// `parses`: libpq can parse it; when it cannot, a URI's user info is
    /// taken to reach its last `@`.
    static func secretSpans(in text: [Unicode.Scalar], wholeString: Bool, parses: Bool) -> [Range<Int>] {
        keywordSpans(in: text, wholeString: wholeString) + uriSpans(in: text, wholeString: wholeString, parses: parses)
    }

    /// `password=value`, `password = 'quoted value'`, `?password=value&`:
    /// the value after any keyword containing `password`, any case.
    static func keywordSpans(in text: [Unicode.Scalar], wholeString: Bool) -> [Range<Int>] {
        let keyword = Array("password".unicodeScalars)
        var spans: [Range<Int>] = []
        var i = 0
        while i + keyword.count <= text.count {
            guard zip(text[i..<(i + keyword.count)], keyword).allSatisfy({ lowercased($0) == $1 }) else {
                i += 1
                continue
            }
            var j = i + keyword.count
            while j < text.count, isSpace(text[j]) { j += 1 }
            guard j < text.count, text[j] == "=" else {
                i += 1
                continue
            }
            j += 1
            // A query parameter of a URI: the key starts after `?` or `&`.
            var keyStart = i
            while keyStart > 0, isKeyCharacter(text[keyStart - 1]) { keyStart -= 1 }
            let inQuery = keyStart > 0 && (text[keyStart - 1] == "?" || text[keyStart - 1] == "&")
            let span: Range<Int>
            if inQuery {
                var end = j
                while end < text.count, text[end] != "&", wholeString || !isSpace(text[end]) { end += 1 }
                span = j..<end
            } else {
                span = conninfoValue(in: text, from: j)
            }
            if !span.isEmpty { spans.append(span) }
            i = max(i + 1, span.upperBound)
        }
        return spans
    }

    /// The value of a conninfo keyword starting at `start` (just after its
    /// `=`), as libpq reads it: spaces skipped, then a quoted value up to
    /// its unescaped closing quote (or the end of the text), or a word up
    /// to the next unescaped space. Double quotes are taken as quotes too.
    static func conninfoValue(in text: [Unicode.Scalar], from start: Int) -> Range<Int> {
        var j = start
        while j < text.count, isSpace(text[j]) { j += 1 }
        guard j < text.count else { return j..<j }
        if text[j] == "'" || text[j] == "\"" {
            let quote = text[j]
            var end = j + 1
            while end < text.count, text[end] != quote {
                end += text[end] == "\\" ? 2 : 1
            }
            return (j + 1)..<min(end, text.count)
        }
        var end = j
        while end < text.count, !isSpace(text[end]) {
            end += text[end] == "\\" ? 2 : 1
        }
        return j..<min(end, text.count)
    }

    /// The password parts of every `scheme://` in `text`: the user info's
    /// password (as libpq finds it: before the first `@` that comes before
    /// any `/`; and, to be safe, anything between the first `:` and the
    /// last `@` before the query), and the values of query parameters whose
    /// percent-decoded name contains `password`.
    static func uriSpans(in text: [Unicode.Scalar], wholeString: Bool, parses: Bool) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var p = 0
        while p + 3 <= text.count {
            guard text[p] == ":", text[p + 1] == "/", text[p + 2] == "/" else {
                p += 1
                continue
            }
            let start = p + 3
            var end = start
            while end < text.count, wholeString || !isSpace(text[end]) { end += 1 }
            let queryStart = (start..<end).first { text[$0] == "?" } ?? end
            // libpq: user info ends at the first `@`, if it comes before any `/`.
            if let stop = (start..<end).first(where: { text[$0] == "@" || text[$0] == "/" }), text[stop] == "@",
               let colon = (start..<stop).first(where: { text[$0] == ":" }) {
                spans.append((colon + 1)..<stop)
            }
            // A password holding `/`: between the first `:` and the last `@` before the query.
            if let at = (start..<queryStart).last(where: { text[$0] == "@" }),
               let colon = (start..<at).first(where: { text[$0] == ":" }) {
                spans.append((colon + 1)..<at)
            }
            // Not parseable at all: anything up to the last `@` may be user info.
            if !parses, let at = (start..<end).last(where: { text[$0] == "@" }),
               let colon = (start..<at).first(where: { text[$0] == ":" }) {
                spans.append((colon + 1)..<at)
            }
            if queryStart < end {
                var parameterStart = queryStart + 1
                while parameterStart < end {
                    let parameterEnd = (parameterStart..<end).first { text[$0] == "&" } ?? end
                    if let equals = (parameterStart..<parameterEnd).first(where: { text[$0] == "=" }) {
                        let key = String(String.UnicodeScalarView(text[parameterStart..<equals]))
                        if (percentDecoded(key) ?? key).lowercased().contains("password"), equals + 1 < parameterEnd {
                            spans.append((equals + 1)..<parameterEnd)
                        }
                    }
                    parameterStart = parameterEnd + 1
                }
            }
            p = start
        }
        return spans
    }

    /// `"quoted"` fragments of a message (libpq quotes what it could not
    /// parse) that are part of a password span of `raw`.
    static func echoedFragments(
        in text: [Unicode.Scalar], raw: [Unicode.Scalar], rawSpans: [Range<Int>]
    ) -> [Range<Int>] {
        guard !rawSpans.isEmpty else { return [] }
        var spans: [Range<Int>] = []
        var i = 0
        while i < text.count {
            guard text[i] == "\"", let close = ((i + 1)..<text.count).first(where: { text[$0] == "\"" }) else {
                i += 1
                continue
            }
            let fragment = Array(text[(i + 1)..<close])
            if !fragment.isEmpty, raw.count >= fragment.count {
                let overlaps = (0...(raw.count - fragment.count)).contains { offset in
                    raw[offset..<(offset + fragment.count)].elementsEqual(fragment)
                        && rawSpans.contains { $0.overlaps(offset..<(offset + fragment.count)) }
                }
                if overlaps { spans.append((i + 1)..<close) }
            }
            i = close + 1
        }
        return spans
    }

    // MARK: - Helpers

    /// `text` with each of `spans` (merged where they overlap) replaced by the mask.
    static func masking(_ text: [Unicode.Scalar], _ spans: [Range<Int>]) -> String {
        var merged: [Range<Int>] = []
        for span in spans.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        var output = String.UnicodeScalarView()
        var position = 0
        for span in merged {
            output.append(contentsOf: text[position..<span.lowerBound])
            output.append(contentsOf: mask.unicodeScalars)
            position = span.upperBound
        }
        output.append(contentsOf: text[position...])
        return String(output)
    }

    /// Every occurrence of `secret` in `text` masked, compared scalar by
    /// scalar (so a secret beginning with a combining mark still matches).
    static func replacingAll(_ secret: String, in text: String) -> String {
        let needle = Array(secret.unicodeScalars)
        let haystack = Array(text.unicodeScalars)
        guard !needle.isEmpty, haystack.count >= needle.count else { return text }
        var spans: [Range<Int>] = []
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) {
                spans.append(i..<(i + needle.count))
                i += needle.count
            } else {
                i += 1
            }
        }
        return spans.isEmpty ? text : masking(haystack, spans)
    }

    /// `%XX` sequences decoded as UTF-8; nil when one is malformed or the
    /// bytes are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// A conninfo value with its backslash escapes resolved (`it\'s` → `it's`).
    static func backslashUnescaped(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if scalar == "\\" && !escaped {
                escaped = true
                continue
            }
            output.append(scalar)
            escaped = false
        }
        return String(output)
    }

    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0B}" || scalar == "\u{0C}"
    }

    /// Characters of a keyword or a (percent-encoded) query parameter name.
    static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "%"
    }
}
