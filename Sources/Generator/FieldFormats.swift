/// The different ways real systems write the same values, so loads exercise
/// normalization: every form here is valid under the pipeline's parsers.
extension ByteWriter {
    /// An instant as RFC 3339: style 0 is UTC with 'T' and 'Z', style 1 the
    /// market's local time with a space and "+01:00", style 2 local with
    /// milliseconds and 'T'.
    func timestamp(utcSeconds: Int64, market: Market, style: Int, millis: Int = 0) {
        switch style {
        case 0:
            dateTime(localSeconds: utcSeconds, separator: UInt8(ascii: "T"))
            offset(minutes: 0, zulu: true)
        case 1:
            dateTime(localSeconds: utcSeconds + Int64(market.utcOffsetMinutes * 60), separator: UInt8(ascii: " "))
            offset(minutes: market.utcOffsetMinutes, zulu: false)
        default:
            dateTime(localSeconds: utcSeconds + Int64(market.utcOffsetMinutes * 60), separator: UInt8(ascii: "T"))
            byte(UInt8(ascii: "."))
            padded(millis, width: 3)
            offset(minutes: market.utcOffsetMinutes, zulu: false)
        }
    }

    /// A phone number in one of five styles: national with trunk and
    /// spaces, "+CC national", "00CC national", "+CC-national" with hyphens,
    /// and for North America "(AAA) SSS-SSSS" / "AAA.SSS.SSSS".
    func phone(market: Market, area: String, subscriber: Int, style: Int) {
        let national = market.nationalNumber(area: area, subscriber: subscriber)
        let rest = national.dropFirst(area.count)
        if market.callingCode == "1" {
            let s = Array(rest)
            let exchange = String(s[0..<3]), line = String(s[3...])
            switch style % 4 {
            case 0: text("(" + area + ") " + exchange + "-" + line)
            case 1: text(area + "." + exchange + "." + line)
            case 2: text("+1 " + area + " " + exchange + " " + line)
            default: text("1-" + area + "-" + exchange + "-" + line)
            }
            return
        }
        switch style % 4 {
        case 0: text(market.trunk + area + " " + rest)
        case 1: text("+" + market.callingCode + " " + area + " " + rest)
        case 2: text("00" + market.callingCode + " " + area + rest)
        default: text("+" + market.callingCode + "-" + area + "-" + rest)
        }
    }
}
