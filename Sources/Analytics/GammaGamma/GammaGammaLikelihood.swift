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
    /// Repeat buyers left out because their mean value is not positive (ln 0 is undefined).
    private(set) var excludedCustomers = 0

    var distinctRows: Int { rowWeight.count }

    /// Groups the repeat buyers of `rows` with a positive mean value by (frequency, monetary);
    /// customers without repeat purchases carry no spend information and are skipped.
    init(rows: [RFMSummaryRow]) {
        var index = RowKeyIndex(expectedCount: rows.count)
        let maxFrequency = rows.map(\.frequency).max() ?? 0
        weightByFrequency = Array(repeating: 0, count: maxFrequency + 1)
        logMonetaryByFrequency = Array(repeating: 0, count: maxFrequency + 1)
        for i in rows.indices {
            // Field reads, not `let row = rows[i]`: copying a row retains its customer ID.
            let frequency = rows[i].frequency
            let monetary = rows[i].monetary
            guard frequency > 0 else { continue }
            guard monetary > 0 else {
                excludedCustomers += 1
                continue
            }
            customers += 1
            weightByFrequency[frequency] += 1
            logMonetaryByFrequency[frequency] += log(monetary)
            let distinct = index.index(UInt64(frequency), monetary.bitPattern)
            if !distinct.inserted {
                rowWeight[distinct.index] += 1
            } else {
                rowFrequency.append(Int32(frequency))
                rowMonetary.append(monetary)
                rowWeight.append(1)
            }
        }
    }

    /// Mean of the customers' mean values.
    var meanMonetary: Double {
        zip(rowWeight, rowMonetary).reduce(0) { $0 + $1.0 * $1.1 } / customers
    }

    /// Pearson correlation of frequency and monetary value over the customers.
    var frequencyMonetaryCorrelation: Double? {
        pearsonCorrelation(rowFrequency.map(Double.init), rowMonetary, weights: rowWeight)
    }

    /// Every `k`-th distinct row with its weight, about `maxRows` rows: a cheap stand-in
    /// for the full likelihood while searching far from the optimum; `nil` for small data.
    func subsample(maxRows: Int) -> GammaGammaLikelihood? {
        guard distinctRows > 2 * maxRows else { return nil }
        let stride = (distinctRows + maxRows - 1) / maxRows
        var sample = self
        sample.rowFrequency = []
        sample.rowMonetary = []
        sample.rowWeight = []
        sample.weightByFrequency = Array(repeating: 0, count: weightByFrequency.count)
        sample.logMonetaryByFrequency = Array(repeating: 0, count: weightByFrequency.count)
        sample.customers = 0
        for i in Swift.stride(from: 0, to: distinctRows, by: stride) {
            let x = Int(rowFrequency[i])
            sample.rowFrequency.append(rowFrequency[i])
            sample.rowMonetary.append(rowMonetary[i])
            sample.rowWeight.append(rowWeight[i])
            sample.weightByFrequency[x] += rowWeight[i]
            sample.logMonetaryByFrequency[x] += rowWeight[i] * log(rowMonetary[i])
            sample.customers += rowWeight[i]
        }
        return sample
    }

    /// Σ weight · ln L and its gradient with respect to (p, q, γ).
    func logLikelihood(p: Double, q: Double, v: Double) -> (value: Double, gradient: [Double]) {
        let logV = log(v)
        let psiQ = SpecialFunctions.digamma(q)
        let logGammaQ = SpecialFunctions.logGamma(q)
        var value = 0.0
        var dp = 0.0
        var dq = 0.0
        var dv = 0.0
        for (x, w) in weightByFrequency.enumerated() where w > 0 {
            let xd = Double(x)
            let px = p * xd
            let psiPXQ = SpecialFunctions.digamma(px + q)
            let sumLogM = logMonetaryByFrequency[x]
            value +=
                w
                * (SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - logGammaQ + q * logV
                    + px * log(xd)) + (px - 1) * sumLogM
            dp += w * xd * (psiPXQ - SpecialFunctions.digamma(px) + log(xd)) + xd * sumLogM
            dq += w * (psiPXQ - psiQ + logV)
            dv += w * q / v
        }
        // Compensated (Kahan) summation: the row terms are large and cancel against the
        // per-frequency terms, and the optimiser needs the mean to ~1e-15, not ~1e-12.
        var compensation = 0.0
        for i in rowWeight.indices {
            let w = rowWeight[i]
            let x = Double(rowFrequency[i])
            let total = x * rowMonetary[i] + v
            let logTotal = log(total)
            let shape = p * x + q
            let term = -w * shape * logTotal - compensation
            let sum = value + term
            compensation = (sum - value) - term
            value = sum
            dp -= w * x * logTotal
            dq -= w * logTotal
            dv -= w * shape / total
        }
        return (value, [dp, dq, dv])
    }
}
