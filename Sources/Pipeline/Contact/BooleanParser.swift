/// Yes/no fields such as `opt_in`.
public enum BooleanParser {
    /// true/false, yes/no, y/n, 1/0, t/f, any case, surrounding spaces
    /// ignored; `boolean.invalid` otherwise.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Bool, ParseFailure> {
        let t = ASCII.trimmed(bytes)
        if t.count == 1 {
            switch ASCII.lower(t[0]) {
            case UInt8(ascii: "1"), UInt8(ascii: "y"), UInt8(ascii: "t"): return .success(true)
            case UInt8(ascii: "0"), UInt8(ascii: "n"), UInt8(ascii: "f"): return .success(false)
            default: break
            }
        }
        if ASCII.equalsLowercased(t, "true") || ASCII.equalsLowercased(t, "yes") { return .success(true) }
        if ASCII.equalsLowercased(t, "false") || ASCII.equalsLowercased(t, "no") { return .success(false) }
        return .failure(ParseFailure(.booleanInvalid, "expected true/false, yes/no, y/n, 1/0 or t/f"))
    }

    public static func parse(_ text: String) -> Result<Bool, ParseFailure> {
        text.withRawUTF8 { parse($0) }
    }
}
