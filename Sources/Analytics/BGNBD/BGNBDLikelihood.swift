import Foundation

/// The BG/NBD log-likelihood (paper eq. 6, in the log form of section 7 / Hardie's
/// note 004) over customers grouped into distinct (x, tₓ, T) rows, with its
/// analytic gradient.
///
/// ln L(r, α, a, b | x, tₓ, T) = C(x) + ln(e^A₃ + δ(x > 0) e^A₄), where
///   C(x) = ln Γ(r + x) − ln Γ(r) + r ln α + ln Γ(a + b) + ln Γ(b + x) − ln Γ(b) − ln Γ(a + b + x)
///   A₃ = −(r + x) ln(α + T)
///   A₄ = ln a − ln(b + x − 1) − (r + x) ln(α + tₓ).
/// C depends on the row only through x, and A₃, A₄ only through ln(α + T),
/// ln(α + tₓ) and x: those are computed once per distinct x, T and tₓ, leaving
/// one exp and one log per distinct row in the inner loop.
///
/// With `modified`, the MBG/NBD likelihood (Batislam, Denizel & Filiztekin 2007;
/// lifetimes' `ModifiedBetaGeoFitter`), where a customer may also drop out right
/// after the first purchase: b + x − 1 becomes b + x throughout and A₄ applies at x = 0 too,
///   C(x) = ln Γ(r + x) − ln Γ(r) + r ln α + ln Γ(a + b) + ln Γ(b + x + 1) − ln Γ(b) − ln Γ(a + b + x + 1)
///   A₄ = ln a − ln(b + x) − (r + x) ln(α + tₓ).
struct BGNBDLikelihood {
    /// One distinct (x, tₓ, T): indices into the recency and age value tables, and
    /// the number of customers sharing it.
    private struct DistinctRow {
        var weight: Double
        var frequency: Int32
        var recency: Int32
        var age: Int32
    }

    private var rows: [DistinctRow] = []
    private var recencyValues: [Double] = []
    private var ageValues: [Double] = []
    /// Customers per frequency x = 0 ... maxFrequency.
    private var weightByFrequency: [Double] = []
    private(set) var customers = 0.0
    /// Σ x over customers, for the time-rescaling term of the log-likelihood.
    private(set) var totalRepeatPurchases = 0.0
    /// MBG/NBD instead of BG/NBD: dropout is possible at the first purchase too.
    let modified: Bool

    var distinctRows: Int { rows.count }

    /// Groups `rows` (recency and T multiplied by `timeScale`) into distinct rows.
    init(rows summaryRows: [RFMSummaryRow], timeScale: Double, modified: Bool = false) {
        self.modified = modified
        // Rows are keyed by exact bit patterns: equal doubles from SQL group together.
        var rowIndex = RowKeyIndex(expectedCount: summaryRows.count)
        var recencyIndex = RowKeyIndex(expectedCount: 1024)
        var ageIndex = RowKeyIndex(expectedCount: 1024)
        let maxFrequency = summaryRows.map(\.frequency).max() ?? 0
        weightByFrequency = Array(repeating: 0, count: maxFrequency + 1)
        for i in summaryRows.indices {
            // Field reads, not `let row = rows[i]`: copying a row retains its customer ID.
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

    /// Every `k`-th distinct row with its weight, `k` chosen to keep about `maxRows` rows:
    /// a cheap stand-in for the full likelihood while searching far from the optimum.
    /// `nil` when the data are already small or the sample has no repeat buyer.
    func subsample(maxRows: Int) -> BGNBDLikelihood? {
        guard distinctRows > 2 * maxRows else { return nil }
        let step = (distinctRows + maxRows - 1) / maxRows
        var sample = self
        sample.rows = []
        sample.recencyValues = []
        sample.ageValues = []
        sample.weightByFrequency = Array(repeating: 0, count: weightByFrequency.count)
        sample.customers = 0
        sample.totalRepeatPurchases = 0
        // Keep only the T and tₓ values the sample uses: their logs are part of every evaluation.
        var recencyIndex = RowKeyIndex(expectedCount: maxRows)
        var ageIndex = RowKeyIndex(expectedCount: maxRows)
        for i in stride(from: 0, to: distinctRows, by: step) {
            var row = rows[i]
            let recency = recencyIndex.index(UInt64(row.recency))
            if recency.inserted { sample.recencyValues.append(recencyValues[Int(row.recency)]) }
            let age = ageIndex.index(UInt64(row.age))
            if age.inserted { sample.ageValues.append(ageValues[Int(row.age)]) }
            row.recency = Int32(recency.index)
            row.age = Int32(age.index)
            sample.rows.append(row)
            sample.weightByFrequency[Int(row.frequency)] += row.weight
            sample.customers += row.weight
            sample.totalRepeatPurchases += row.weight * Double(row.frequency)
        }
        return sample.totalRepeatPurchases > 0 ? sample : nil
    }

    /// Σ weight · ln L and its gradient with respect to (r, α, a, b).
    func logLikelihood(r: Double, alpha: Double, a: Double, b: Double) -> (value: Double, gradient: [Double]) {
        let logAlpha = log(alpha)
        let logA = log(a)
        // MBG/NBD shifts b + x − 1 to b + x (and b + x, a + b + x in C to b + x + 1, a + b + x + 1).
        let shift = modified ? 1.0 : 0.0
        // (ln(α + v), 1 / (α + v)) for every distinct T and tₓ, and
        // (ln(b + x − 1 + shift), 1 / (b + x − 1 + shift)) for every x with an A₄ term.
        let age = ageValues.map { SIMD2(log(alpha + $0), 1 / (alpha + $0)) }
        let recency = recencyValues.map { SIMD2(log(alpha + $0), 1 / (alpha + $0)) }
        let bx = weightByFrequency.indices.map {
            $0 == 0 && !modified
                ? SIMD2(0, 0) : SIMD2(log(b + Double($0) - 1 + shift), 1 / (b + Double($0) - 1 + shift))
        }

        var value = 0.0
        var dr = 0.0
        var dAlpha = 0.0
        var dA = 0.0
        var dB = 0.0
        // C(x) and its derivatives, once per distinct x.
        let psiR = SpecialFunctions.digamma(r)
        let psiB = SpecialFunctions.digamma(b)
        let psiAB = SpecialFunctions.digamma(a + b)
        let constant =
            r * logAlpha - SpecialFunctions.logGamma(r) + SpecialFunctions.logGamma(a + b)
            - SpecialFunctions.logGamma(b)
        for (x, w) in weightByFrequency.enumerated() where w > 0 {
            let xd = Double(x)
            let gammaTerms =
                SpecialFunctions.logGamma(r + xd) + SpecialFunctions.logGamma(b + xd + shift)
                - SpecialFunctions.logGamma(a + b + xd + shift)
            value += w * (constant + gammaTerms)
            dr += w * (SpecialFunctions.digamma(r + xd) - psiR + logAlpha)
            dAlpha += w * r / alpha
            let psiABX = SpecialFunctions.digamma(a + b + xd + shift)
            dA += w * (psiAB - psiABX)
            dB += w * (psiAB + SpecialFunctions.digamma(b + xd + shift) - psiB - psiABX)
        }
        // Row terms: ln(e^A₃ + e^A₄) with weights w₃, w₄ = e^Aᵢ / (e^A₃ + e^A₄).
        var sumW4 = 0.0
        var sumW4InverseBx = 0.0
        for row in rows {
            let w = row.weight
            let x = Int(row.frequency)
            let t = age[Int(row.age)]
            let rx = r + Double(x)
            let a3 = -rx * t[0]
            if x == 0 && !modified {
                value += w * a3
                dr -= w * t[0]
                dAlpha -= w * rx * t[1]
                continue
            }
            let tx = recency[Int(row.recency)]
            let a4 = logA - bx[x][0] - rx * tx[0]
            // log-sum-exp around the larger exponent.
            let difference = a4 - a3
            let e = exp(-abs(difference))
            let w4 = (difference > 0 ? 1 : e) / (1 + e)
            let w3 = 1 - w4
            value += w * (max(a3, a4) + log1p(e))
            dr -= w * (w3 * t[0] + w4 * tx[0])
            dAlpha -= w * rx * (w3 * t[1] + w4 * tx[1])
            sumW4 += w * w4
            sumW4InverseBx += w * w4 * bx[x][1]
        }
        dA += sumW4 / a
        dB -= sumW4InverseBx
        return (value, [dr, dAlpha, dA, dB])
    }
}
