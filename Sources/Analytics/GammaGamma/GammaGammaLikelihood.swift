import Foundation

/// The Gamma-Gamma log-likelihood of customers' mean repeat-purchase values (note 025,
/// eq. 3, with the density of the mean m̄ of x values),
///   ln L = ln Γ(p x + q) − ln Γ(p x) − ln Γ(q) + q ln γ + (p x − 1) ln m̄ + p x ln x − (p x + q) ln(x m̄ + γ),
/// and its gradient. Only ln(x m̄ + γ) depends on the row beyond x, so the gamma and
/// digamma terms are computed once per distinct frequency.
struct GammaGammaLikelihood {
    private var rowFrequency: [Int32] = []
    private var rowMonetary: [Double] = []
    private var rowWeight: [Double] = []
    private var weightByFrequency: [Double] = []
    /// Σ w ln m̄ and Σ w x ln m̄ per frequency (constant in the parameters).
    private var logMonetaryByFrequency: [Double] = []
    private(set) var customers = 0.0

    var distinctRows: Int { rowWeight.count }

    /// Groups rows by (frequency, monetary); every row must have frequency ≥ 1, monetary > 0.
    init(rows: [(frequency: Int, monetary: Double)]) {
        var index: [Key: Int] = [:]
        let maxFrequency = rows.map(\.frequency).max() ?? 0
        weightByFrequency = Array(repeating: 0, count: maxFrequency + 1)
        logMonetaryByFrequency = Array(repeating: 0, count: maxFrequency + 1)
        for row in rows {
            customers += 1
            weightByFrequency[row.frequency] += 1
            logMonetaryByFrequency[row.frequency] += log(row.monetary)
            let key = Key(frequency: row.frequency, monetary: row.monetary)
            if let i = index[key] {
                rowWeight[i] += 1
            } else {
                index[key] = rowWeight.count
                rowFrequency.append(Int32(row.frequency))
                rowMonetary.append(row.monetary)
                rowWeight.append(1)
            }
        }
    }

    private struct Key: Hashable {
        var frequency: Int
        var monetary: Double
    }

    /// Σ weight · ln L and its gradient with respect to (p, q, γ).
    func logLikelihood(p: Double, q: Double, v: Double) -> (value: Double, gradient: [Double]) {
        let logV = log(v)
        let psiQ = SpecialFunctions.digamma(q)
        let logGammaQ = SpecialFunctions.logGamma(q)
        var value = 0.0, dp = 0.0, dq = 0.0, dv = 0.0
        for (x, w) in weightByFrequency.enumerated() where w > 0 {
            let xd = Double(x)
            let px = p * xd
            let psiPXQ = SpecialFunctions.digamma(px + q)
            let sumLogM = logMonetaryByFrequency[x]
            value += w * (SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - logGammaQ + q * logV
                + px * log(xd)) + (px - 1) * sumLogM
            dp += w * xd * (psiPXQ - SpecialFunctions.digamma(px) + log(xd)) + xd * sumLogM
            dq += w * (psiPXQ - psiQ + logV)
            dv += w * q / v
        }
        for i in rowWeight.indices {
            let w = rowWeight[i]
            let x = Double(rowFrequency[i])
            let total = x * rowMonetary[i] + v
            let logTotal = log(total)
            let shape = p * x + q
            value -= w * shape * logTotal
            dp -= w * x * logTotal
            dq -= w * logTotal
            dv -= w * shape / total
        }
        return (value, [dp, dq, dv])
    }
}
