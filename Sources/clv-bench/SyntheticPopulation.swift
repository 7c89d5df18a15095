import Analytics
import Foundation

/// SplitMix64: a small, fast, seedable generator, so every run times the same data.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    mutating func exponential(rate: Double) -> Double { -log(max(uniform(), 1e-300)) / rate }

    /// Gamma(shape, rate) by Marsaglia & Tsang (2000), boosted for shape < 1.
    mutating func gamma(shape: Double, rate: Double) -> Double {
        if shape < 1 {
            return gamma(shape: shape + 1, rate: rate) * pow(max(uniform(), 1e-300), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal()
            let v = pow(1 + c * x, 3)
            if v <= 0 { continue }
            let u = uniform()
            if log(max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * log(v) { return d * v / rate }
        }
    }

    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, rate: 1)
        let y = gamma(shape: b, rate: 1)
        return x / (x + y)
    }
}

/// Customers simulated from the BG/NBD and Gamma-Gamma processes, observed at day
/// resolution over two years and summarised in weeks, like a nightly SQL summary.
enum SyntheticPopulation {
    /// `purchase`, when given, receives every purchase day (days after the customer's
    /// first purchase, which is `age` days before the as-of date) with its value in
    /// cents, so the same population can be loaded as facts and summarised in SQL.
    static func make(
        customers: Int, seed: UInt64,
        purchase: ((_ customer: Int, _ ageDays: Int, _ day: Int, _ cents: Int64) -> Void)? = nil
    ) -> RFMSummary {
        var rng = SplitMix64(seed: seed)
        // First-purchase values come from their own stream: the summary stays the same.
        var firstValues = SplitMix64(seed: seed ^ 0x5EED_F125)
        let (r, alpha, a, b) = (0.6, 20.0, 0.8, 3.0)  // alpha in days
        let (p, q, v) = (4.0, 3.0, 60.0)
        var rows: [RFMSummaryRow] = []
        rows.reserveCapacity(customers)
        for i in 0..<customers {
            let age = Double(7 + Int(rng.uniform() * 723))
            let lambda = rng.gamma(shape: r, rate: alpha)
            let dropout = rng.beta(a, b)
            let nu = rng.gamma(shape: q, rate: v)
            var t = 0.0
            var days: Set<Int> = [0]
            var lastDay = 0
            while true {
                if t > 0 && rng.uniform() < dropout { break }
                t += rng.exponential(rate: lambda)
                if t >= age { break }
                days.insert(Int(t))
                lastDay = max(lastDay, Int(t))
            }
            let frequency = days.count - 1
            var spend = 0.0
            var values: [Double] = []
            for _ in 0..<frequency {
                let value = (rng.gamma(shape: p, rate: nu) * 100).rounded() / 100
                spend += value
                if purchase != nil { values.append(value) }
            }
            if let purchase {
                let first = max(1, Int64((firstValues.gamma(shape: p, rate: nu) * 100).rounded()))
                purchase(i, Int(age), 0, first)
                for (day, value) in zip(days.sorted().dropFirst(), values) {
                    purchase(i, Int(age), day, Int64((value * 100).rounded()))
                }
            }
            rows.append(
                RFMSummaryRow(
                    customerID: "S\(i)", frequency: frequency, recencyDays: Double(lastDay), ageDays: age,
                    monetary: frequency > 0 ? spend / Double(frequency) : 0, unit: .week))
        }
        return RFMSummary(unit: .week, rows: rows)
    }
}
