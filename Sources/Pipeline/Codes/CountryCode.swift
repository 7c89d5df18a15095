/// An ISO 3166-1 alpha-2 country code, stored as two packed ASCII bytes so
/// parsing and comparing never allocate.
public struct CountryCode: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline let packed: UInt16

    init(packed: UInt16) { self.packed = packed }

    /// The upper-case alpha-2 text, e.g. "DE".
    public var alpha2: String {
        String(decoding: [UInt8(packed >> 8), UInt8(packed & 0xFF)], as: UTF8.self)
    }

    public var description: String { alpha2 }

    /// The ITU-T calling code without '+', e.g. 49 for DE.
    public var callingCode: Int { CountryRegistry.shared.entry(self).callingCode }

    /// The national trunk prefix digit dropped in E.164, if the country has one.
    public var trunkPrefix: UInt8? { CountryRegistry.shared.entry(self).trunkPrefix }

    /// Accepts alpha-2 ("de"), alpha-3 ("DEU") or a common English name
    /// ("Germany", "United Kingdom", "USA"), any case, surrounding spaces
    /// ignored; `country.unknown` otherwise.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<CountryCode, ParseFailure> {
        let text = ASCII.trimmed(bytes)
        let registry = CountryRegistry.shared
        switch text.count {
        case 0: return .failure(ParseFailure(.countryUnknown, "empty country"))
        case 2:
            let key = UInt16(ASCII.upper(text[0])) << 8 | UInt16(ASCII.upper(text[1]))
            if registry.byAlpha2[key] != nil { return .success(CountryCode(packed: key)) }
        case 3:
            let key = UInt32(ASCII.upper(text[0])) << 16 | UInt32(ASCII.upper(text[1])) << 8 | UInt32(ASCII.upper(text[2]))
            if let code = registry.byAlpha3[key] { return .success(code) }
        default: break
        }
        // Names are the rare, slow path: fold to upper-case letters only.
        var folded = [UInt8]()
        folded.reserveCapacity(text.count)
        for b in text where ASCII.isLetter(b) { folded.append(ASCII.upper(b)) }
        if let code = registry.byName[folded] { return .success(code) }
        return .failure(ParseFailure(.countryUnknown, "not an ISO 3166-1 code or known country name"))
    }

    public static func parse(_ text: String) -> Result<CountryCode, ParseFailure> {
        text.withRawUTF8 { parse($0) }
    }

    /// Every country in the table (for generators and tests).
    public static var all: [CountryCode] { CountryRegistry.shared.allCodes }
}

/// The country table parsed once into lookup dictionaries.
final class CountryRegistry: Sendable {
    struct Entry: Sendable {
        let callingCode: Int
        let trunkPrefix: UInt8?
    }

    static let shared = CountryRegistry()

    let byAlpha2: [UInt16: Entry]
    let byAlpha3: [UInt32: CountryCode]
    let byName: [[UInt8]: CountryCode]
    let allCodes: [CountryCode]
    /// Calling codes as digit strings, for recognising "+49..." numbers.
    let callingCodes: Set<Int>

    private init() {
        var a2: [UInt16: Entry] = [:]
        var a3: [UInt32: CountryCode] = [:]
        var names: [[UInt8]: CountryCode] = [:]
        var all: [CountryCode] = []
        for line in countryTableText.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 4)
            let b2 = Array(parts[0].utf8), b3 = Array(parts[1].utf8)
            let code = CountryCode(packed: UInt16(b2[0]) << 8 | UInt16(b2[1]))
            let trunk = parts[3] == "-" ? nil : parts[3].utf8.first
            a2[code.packed] = Entry(callingCode: Int(parts[2])!, trunkPrefix: trunk)
            a3[UInt32(b3[0]) << 16 | UInt32(b3[1]) << 8 | UInt32(b3[2])] = code
            for name in parts[4].split(separator: "|") {
                names[name.utf8.filter(ASCII.isLetter).map(ASCII.upper)] = code
            }
            all.append(code)
        }
        byAlpha2 = a2
        byAlpha3 = a3
        byName = names
        allCodes = all
        callingCodes = Set(a2.values.map(\.callingCode))
    }

    func entry(_ code: CountryCode) -> Entry { byAlpha2[code.packed]! }
}
