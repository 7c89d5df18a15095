/// Writes fx_rates.csv: a weekday fixing for every non-base currency from
/// shortly before the history starts to its end (weekends have none, so a
/// loader must take the latest rate on or before the day), as a gentle
/// random walk in millionths.
enum FXRatesWriter {
    static let badKinds: [BadRecordPlanter.Kind] = [
        .init(field: "rate_to_base", rule: "money.invalid", severity: "reject", values: ["1,0845", "n/a", "1.08.5"]),
        .init(field: "rate_date", rule: "date.invalid", severity: "reject", values: ["2025-02-29", "2025/13/01"]),
        .init(field: "currency", rule: "required.missing", severity: "reject", values: [""]),
    ]

    static func write(to path: String, options: GeneratorOptions, rng: inout RandomSource,
                      planter: inout BadRecordPlanter) throws -> Int {
        let out = try ByteWriter(path: path)
        try out.header("rate_date,currency,rate_to_base")
        var records = 0
        var rates = Currency.initialRateMicros
        func row(day: Int, currency: Int, bad: (field: String, value: String)?) throws {
            func field(_ name: String, _ write: () -> Void) {
                if let bad, bad.field == name { out.text(bad.value) } else { write() }
            }
            field("rate_date") { out.date(day: day) }
            out.comma()
            field("currency") { out.text(Currency.all[currency]) }
            out.comma()
            field("rate_to_base") { out.fixed(rates[currency], places: 6) }
            try out.endLine()
            records += 1
        }
        func plant(_ kind: Int, day: Int, currency: Int) throws {
            let value = planter.record(kind: kind, line: out.lines + 1)
            try row(day: day, currency: currency, bad: (planter.kinds[kind].field, value))
        }
        for day in (options.startDay - 10)...options.endDay where Civil.weekday(day) < 5 {
            for c in 1..<Currency.all.count {
                let step = 1 + 0.004 * rng.normal()
                rates[c] = max(100_000, Int(Double(rates[c]) * step))
                try row(day: day, currency: c, bad: nil)
                if let kind = planter.shouldPlant() { try plant(kind, day: day, currency: c) }
            }
        }
        for kind in planter.missingKinds { try plant(kind, day: options.endDay, currency: 1) }
        try out.close()
        return records
    }
}
