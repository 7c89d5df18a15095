import Foundation
import Scoring

/// Customers drawn from the BG/NBD and Gamma-Gamma processes and written out as
/// order lines, so a fit on the warehouse can be checked against known parameters.
///
/// Each customer's first purchase falls on a uniform day in [start, asOf]; while
/// active they buy as a Poisson process with rate λ ~ Gamma(r, α) per day and, after
/// every repeat purchase, drop out with probability p ~ Beta(a, b). Purchases run
/// on past the as-of date up to `end`, which leaves a holdout period to check.
struct SimulatedPopulation {
    var r = 0.6
    var alphaDays = 20.0
    var a = 0.8
    var b = 3.0
    /// Gamma-Gamma: values Gamma(p, ν), ν ~ Gamma(q, γ).
    var p = 4.0
    var q = 3.0
    var gamma = 60.0

    func lines(customers: Int, seed: UInt64, start: CalendarDate, asOf: CalendarDate, end: CalendarDate) -> [SaleLine] {
        var random = SeededRandom(seed: seed)
        var lines: [SaleLine] = []
        let window = Double(start.days(until: asOf) + 1)
        let endSecond = Double((end.daysSinceEpoch + 1) * 86_400)
        for customer in 0..<customers {
            let id = "S\(customer)"
            let lambda = random.gamma(shape: r, rate: alphaDays)
            let dropout = random.beta(a, b)
            let nu = random.gamma(shape: q, rate: gamma)
            var second = Double(start.daysSinceEpoch) * 86_400 + (random.uniform() * window).rounded(.down) * 86_400
                + random.uniform() * 86_000
            // The first purchase; then each repeat purchase may be the customer's last.
            var purchases = 0
            while second < endSecond {
                let value = random.gamma(shape: p, rate: nu)
                lines.append(SaleLine(customerID: id, orderedAt: Int(second), amountCents: max(1, Int(value * 100))))
                purchases += 1
                if purchases > 1 && random.uniform() < dropout { break }
                second += random.exponential(rate: lambda) * 86_400
            }
        }
        return lines
    }
}
