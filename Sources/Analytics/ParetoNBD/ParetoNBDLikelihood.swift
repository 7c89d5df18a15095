import Foundation

/// The Pareto/NBD log-likelihood (Fader & Hardie, note 009, eq. 18) over customers
/// grouped into distinct (x, tₓ, T) rows, with its analytic gradient:
///
///   ln L = ln Γ(r + x) − ln Γ(r) + r ln α + s ln β + ln(F₁ + S)
///
/// (``ParetoNBDRowTerms``). The ln Γ part depends on x only and is computed once per
/// distinct x; the logs of α + v and β + v once per distinct tₓ and T; the rows, two
/// short hypergeometric series each, are spread over the cores.
struct ParetoNBDLikelihood {
    private struct DistinctRow {
        var weight: Double
        var frequency: Int32
        var recency: Int32
        var age: Int32
    }

    private var rows: [DistinctRow] = []
    private var recencyValues: [Double] = []
    private var ageValues: [Double] = []
    private var weightByFrequency: [Double] = []
    private(set) var customers = 0.0
    private(set) var totalRepeatPurchases = 0.0

    var distinctRows: Int { rows.count }

    /// Groups `rows` (recency and T multiplied by `timeScale`) into distinct rows.
    init(rows summaryRows: [RFMSummaryRow], timeScale: Double) {
        var rowIndex = RowKeyIndex(expectedCount: summaryRows.count)
        var recencyIndex = RowKeyIndex(expectedCount: 1024)
        var ageIndex = RowKeyIndex(expectedCount: 1024)
        weightByFrequency = Array(repeating: 0, count: (summaryRows.map(\.frequency).max() ?? 0) + 1)
        for i in summaryRows.indices {
            let frequency = summaryRows[i].frequency
            let recency = summaryRows[i].recency
            let T = summaryRows[i].T
            customers += 1
            totalRepeatPurchases += Double(frequency)
            weightByFrequency[frequency] += 1
            let distinct = rowIndex.index(UInt64(frequency), recency.bitPattern, T.bitPattern)
            guard distinct.inserted else {
                rows[distinct.index].weight += 1
                continue
            }
            let recencyKey = recencyIndex.index(recency.bitPattern)
            if recencyKey.inserted { recencyValues.append(recency * timeScale) }
            let ageKey = ageIndex.index(T.bitPattern)
            if ageKey.inserted { ageValues.append(T * timeScale) }
            rows.append(
                DistinctRow(
                    weight: 1, frequency: Int32(frequency), recency: Int32(recencyKey.index),
                    age: Int32(ageKey.index)))
        }
    }

    /// Every k-th distinct row with its weight (about `maxRows` of them), or nil when the
    /// data are already small or the sample has no repeat buyer.
    func subsample(maxRows: Int) -> ParetoNBDLikelihood? {
        guard distinctRows > 2 * maxRows else { return nil }
        let step = (distinctRows + maxRows - 1) / maxRows
        var sample = self
        sample.rows = []
        sample.weightByFrequency = Array(repeating: 0, count: weightByFrequency.count)
        sample.customers = 0
        sample.totalRepeatPurchases = 0
        for i in stride(from: 0, to: distinctRows, by: step) {
            let row = rows[i]
            sample.rows.append(row)
            sample.weightByFrequency[Int(row.frequency)] += row.weight
            sample.customers += row.weight
            sample.totalRepeatPurchases += row.weight * Double(row.frequency)
        }
        return sample.totalRepeatPurchases > 0 ? sample : nil
    }

    /// Σ weight · ln L and its gradient with respect to (r, α, s, β).
    func logLikelihood(r: Double, alpha: Double, s: Double, beta: Double) -> (value: Double, gradient: [Double]) {
        let logAlpha = log(alpha)
        let logBeta = log(beta)
        let logsAtAge = ageValues.map { SIMD2(log(alpha + $0), log(beta + $0)) }
        let logsAtRecency = recencyValues.map { SIMD2(log(alpha + $0), log(beta + $0)) }

        // The part depending on x only.
        var value = 0.0
        var gradient = SIMD4<Double>.zero
        let psiR = SpecialFunctions.digamma(r)
        let constant = -SpecialFunctions.logGamma(r) + r * logAlpha + s * logBeta
        for (x, w) in weightByFrequency.enumerated() where w > 0 {
            let xd = Double(x)
            value += w * (constant + SpecialFunctions.logGamma(r + xd))
            gradient += w * SIMD4(SpecialFunctions.digamma(r + xd) - psiR + logAlpha, r / alpha, logBeta, s / beta)
        }

        // Row terms in parallel: each chunk sums into its own slot, added in chunk order.
        let count = rows.count
        // Small inputs (the search's subsample) stay on one thread.
        let chunkCount = count < 4096 ? 1 : 64
        var partial = [SIMD8<Double>](repeating: .zero, count: chunkCount)
        partial.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            ParallelRanges.forEach(chunkCount, minimumChunk: 1) { chunks in
                for chunk in chunks {
                    var sum = SIMD8<Double>.zero
                    for i in (count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount) {
                        let row = rows[i]
                        let ageLogs = logsAtAge[Int(row.age)]
                        let recencyLogs = logsAtRecency[Int(row.recency)]
                        let terms = ParetoNBDRowTerms(
                            r: r, alpha: alpha, s: s, beta: beta, x: Double(row.frequency),
                            recency: recencyValues[Int(row.recency)], T: ageValues[Int(row.age)],
                            logAx: recencyLogs[0], logBx: recencyLogs[1], logAT: ageLogs[0], logBT: ageLogs[1],
                            wantsGradient: true)
                        let w = row.weight
                        sum += SIMD8(
                            w * terms.value, w * terms.gradient[0], w * terms.gradient[1], w * terms.gradient[2],
                            w * terms.gradient[3], 0, 0, 0)
                    }
                    slots[chunk] = sum
                }
            }
        }
        for chunk in partial {
            value += chunk[0]
            gradient += SIMD4(chunk[1], chunk[2], chunk[3], chunk[4])
        }
        return (value, [gradient[0], gradient[1], gradient[2], gradient[3]])
    }
}
