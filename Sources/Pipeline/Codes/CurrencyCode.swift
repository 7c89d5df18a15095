/// An active ISO 4217 currency code, stored as three packed ASCII bytes.
public struct CurrencyCode: Hashable, Sendable, CustomStringConvertible, Comparable {
    @usableFromInline let packed: UInt32

    init(packed: UInt32) { self.packed = packed }

    /// A code known to be valid, for constants ("USD"); traps otherwise.
    public init(_ code: StaticString) {
        guard case .success(let c) = CurrencyCode.parse(code.description) else {
            preconditionFailure("\(code) is not an ISO 4217 code")
        }
        self = c
    }

    public static let usd = CurrencyCode("USD")
    public static let eur = CurrencyCode("EUR")
    public static let gbp = CurrencyCode("GBP")

    /// The upper-case code, e.g. "EUR".
    public var code: String {
        String(decoding: [UInt8(packed >> 16), UInt8((packed >> 8) & 0xFF), UInt8(packed & 0xFF)], as: UTF8.self)
    }

    public var description: String { code }

    /// Appends the three upper-case letters, without making a String.
    @inlinable
    public func appendCode(to buffer: inout [UInt8]) {
        buffer.append(UInt8(packed >> 16))
        buffer.append(UInt8((packed >> 8) & 0xFF))
        buffer.append(UInt8(packed & 0xFF))
    }

    public static func < (a: CurrencyCode, b: CurrencyCode) -> Bool { a.packed < b.packed }

    /// Three letters, any case, surrounding spaces ignored, that are an
    /// active ISO 4217 code; `currency.unknown` otherwise ("EURO", "€", "XYZ").
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<CurrencyCode, ParseFailure> {
        let text = ASCII.trimmed(bytes)
        guard text.count == 3, ASCII.isLetter(text[0]), ASCII.isLetter(text[1]), ASCII.isLetter(text[2]) else {
            return .failure(ParseFailure(.currencyUnknown, "not a three-letter ISO 4217 code"))
        }
        let key = UInt32(ASCII.upper(text[0])) << 16 | UInt32(ASCII.upper(text[1])) << 8 | UInt32(ASCII.upper(text[2]))
        guard activeCurrencies.contains(key) else {
            return .failure(ParseFailure(.currencyUnknown, "not an active ISO 4217 code"))
        }
        return .success(CurrencyCode(packed: key))
    }

    public static func parse(_ text: String) -> Result<CurrencyCode, ParseFailure> {
        text.withRawUTF8 { parse($0) }
    }

    /// Every active code, sorted.
    public static var all: [CurrencyCode] { activeCurrencies.map(CurrencyCode.init(packed:)).sorted() }
}

private let activeCurrencies: Set<UInt32> = {
    var set = Set<UInt32>()
    for code in currencyTableText.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let b = Array(code.utf8)
        set.insert(UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2]))
    }
    return set
}()
