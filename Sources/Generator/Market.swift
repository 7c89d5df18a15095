/// A country the synthetic business sells in: its currency, clock, cities
/// and how its people write phone numbers.
struct Market {
    let country: String
    /// Index into `Currency.all`.
    let currency: Int
    /// Offset used for local times (standard time; DST is not modelled).
    let utcOffsetMinutes: Int
    let callingCode: String
    /// Trunk digit written before national numbers ("0"), empty if none.
    let trunk: String
    /// Digits of a national number (area code + subscriber).
    let nationalLength: Int
    let cities: [(name: String, area: String)]
    /// Share of customers.
    let weight: Double

    static let all: [Market] = [
        Market(country: "US", currency: 0, utcOffsetMinutes: -300, callingCode: "1", trunk: "", nationalLength: 10,
               cities: [("New York", "212"), ("Chicago", "312"), ("Los Angeles", "213"), ("Houston", "713"),
                        ("Phoenix", "602"), ("Seattle", "206"), ("Boston", "617"), ("Miami", "305"),
                        ("Denver", "303"), ("Atlanta", "404")], weight: 0.55),
        Market(country: "DE", currency: 1, utcOffsetMinutes: 60, callingCode: "49", trunk: "0", nationalLength: 10,
               cities: [("Berlin", "30"), ("Hamburg", "40"), ("Munich", "89"), ("Cologne", "221"),
                        ("Frankfurt", "69"), ("Stuttgart", "711"), ("Leipzig", "341")], weight: 0.15),
        Market(country: "GB", currency: 2, utcOffsetMinutes: 0, callingCode: "44", trunk: "0", nationalLength: 10,
               cities: [("London", "20"), ("Manchester", "161"), ("Birmingham", "121"), ("Leeds", "113"),
                        ("Glasgow", "141"), ("Bristol", "117")], weight: 0.14),
        Market(country: "FR", currency: 1, utcOffsetMinutes: 60, callingCode: "33", trunk: "0", nationalLength: 9,
               cities: [("Paris", "1"), ("Lyon", "4"), ("Marseille", "4"), ("Toulouse", "5"), ("Nantes", "2"),
                        ("Lille", "3")], weight: 0.07),
        Market(country: "NL", currency: 1, utcOffsetMinutes: 60, callingCode: "31", trunk: "0", nationalLength: 9,
               cities: [("Amsterdam", "20"), ("Rotterdam", "10"), ("Utrecht", "30"), ("The Hague", "70"),
                        ("Eindhoven", "40")], weight: 0.05),
        // Italian numbers keep their leading 0 internationally (+39 06 ...).
        Market(country: "IT", currency: 1, utcOffsetMinutes: 60, callingCode: "39", trunk: "", nationalLength: 10,
               cities: [("Rome", "06"), ("Milan", "02"), ("Naples", "081"), ("Turin", "011"), ("Florence", "055")],
               weight: 0.04),
    ]

    static let cumulativeWeights: [Double] = {
        var total = 0.0
        return all.map { total += $0.weight; return total }
    }()

    /// The national significant number for a subscriber: area code, filler
    /// digits, then the 7 digits unique to the person.
    func nationalNumber(area: String, subscriber: Int) -> String {
        var digits = String(subscriber)
        while digits.count < 7 { digits = "0" + digits }
        let filler = nationalLength - area.count - 7
        return area + String(repeating: "7", count: max(0, filler)) + digits
    }
}

/// The currencies the business trades in; index 0 is the base.
enum Currency {
    static let all = ["USD", "EUR", "GBP"]
    /// Rough value in USD, for statistics only (the files carry daily rates).
    static let approximateRateToBase = [1.0, 1.08, 1.27]
    /// Where daily rates start their random walk, in millionths.
    static let initialRateMicros = [1_000_000, 1_085_000, 1_270_000]
}
