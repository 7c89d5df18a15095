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
struct BGNBDLikelihood {
    /// Distinct rows: indices into the value tables below, and the customer count.
    private var rowFrequency: [Int32] = []
    private var rowRecency: [Int32] = []
    private var rowAge: [Int32] = []
    private var rowWeight: [Double] = []
    private var recencyValues: [Double] = []
    private var ageValues: [Double] = []
    /// Customers per frequency x = 0 ... maxFrequency.
    private var weightByFrequency: [Double] = []
    private(set) var customers = 0.0
    /// Σ x over customers, for the time-rescaling term of the log-likelihood.
    private(set) var totalRepeatPurchases = 0.0

    var distinctRows: Int { rowWeight.count }

    /// Groups `rows` (recency and T multiplied by `timeScale`) into distinct rows.
    init(rows: [RFMSummaryRow], timeScale: Double) {
        // Rows are keyed by exact bit patterns: equal doubles from SQL group together.
        var rowIndex = RowKeyIndex(expectedCount: rows.count)
        var recencyIndex = RowKeyIndex(expectedCount: 1024)
        var ageIndex = RowKeyIndex(expectedCount: 1024)
        let maxFrequency = rows.map(\.frequency).max() ?? 0
        weightByFrequency = Array(repeating: 0, count: maxFrequency + 1)
        for i in rows.indices {
            // Field reads, not `let row = rows[i]`: copying a row retains its customer ID.
            let frequency = rows[i].frequency, recency = rows[i].recency, T = rows[i].T
            customers += 1
            totalRepeatPurchases += Double(frequency)
            weightByFrequency[frequency] += 1
            let distinct = rowIndex.index(UInt64(frequency), recency.bitPattern, T.bitPattern)
            guard distinct.inserted else {
                rowWeight[distinct.index] += 1
                continue
            }
            let recencyKey = recencyIndex.index(recency.bitPattern)
            if recencyKey.inserted { recencyValues.append(recency * timeScale) }
            let age = ageIndex.index(T.bitPattern)
            if age.inserted { ageValues.append(T * timeScale) }
            rowFrequency.append(Int32(frequency))
            rowRecency.append(Int32(recencyKey.index))
            rowAge.append(Int32(age.index))
            rowWeight.append(1)
        }
    }

    /// Every `k`-th distinct row with its weight, `k` chosen to keep about `maxRows` rows:
    /// a cheap stand-in for the full likelihood while searching far from the optimum.
    /// `nil` when the data are already small or the sample has no repeat buyer.
    func subsample(maxRows: Int) -> BGNBDLikelihood? {
        guard distinctRows > 2 * maxRows else { return nil }
        let stride = (distinctRows + maxRows - 1) / maxRows
        var sample = self
        sample.rowFrequency = []
        sample.rowRecency = []
        sample.rowAge = []
        sample.rowWeight = []
        sample.weightByFrequency = Array(repeating: 0, count: weightByFrequency.count)
        sample.customers = 0
        sample.totalRepeatPurchases = 0
        for i in Swift.stride(from: 0, to: distinctRows, by: stride) {
            let x = Int(rowFrequency[i])
            sample.rowFrequency.append(rowFrequency[i])
            sample.rowRecency.append(rowRecency[i])
            sample.rowAge.append(rowAge[i])
            sample.rowWeight.append(rowWeight[i])
            sample.weightByFrequency[x] += rowWeight[i]
            sample.customers += rowWeight[i]
            sample.totalRepeatPurchases += rowWeight[i] * Double(x)
        }
        return sample.totalRepeatPurchases > 0 ? sample : nil
    }

    /// Σ weight · ln L and its gradient with respect to (r, α, a, b).
    func logLikelihood(r: Double, alpha: Double, a: Double, b: Double) -> (value: Double, gradient: [Double]) {
        let logAlpha = log(alpha)
        let logAge = ageValues.map { log(alpha + $0) }
        let inverseAge = ageValues.map { 1 / (alpha + $0) }
        let logRecency = recencyValues.map { log(alpha + $0) }
        let inverseRecency = recencyValues.map { 1 / (alpha + $0) }
        let logA = log(a)
        // ln(b + x − 1) and 1 / (b + x − 1), used only for x ≥ 1.
        let logBx = weightByFrequency.indices.map { $0 == 0 ? 0 : log(b + Double($0) - 1) }
        let inverseBx = weightByFrequency.indices.map { $0 == 0 ? 0 : 1 / (b + Double($0) - 1) }

        var value = 0.0, dr = 0.0, dAlpha = 0.0, dA = 0.0, dB = 0.0
        // Terms that depend on x only.
        let psiR = SpecialFunctions.digamma(r), psiB = SpecialFunctions.digamma(b)
        let psiAB = SpecialFunctions.digamma(a + b)
        let lgR = SpecialFunctions.logGamma(r), lgB = SpecialFunctions.logGamma(b), lgAB = SpecialFunctions.logGamma(a + b)
        for (x, w) in weightByFrequency.enumerated() where w > 0 {
            let xd = Double(x)
            value += w * (SpecialFunctions.logGamma(r + xd) - lgR + r * logAlpha + lgAB + SpecialFunctions.logGamma(b + xd) - lgB - SpecialFunctions.logGamma(a + b + xd))
            dr += w * (SpecialFunctions.digamma(r + xd) - psiR + logAlpha)
            dAlpha += w * r / alpha
            let psiABX = SpecialFunctions.digamma(a + b + xd)
            dA += w * (psiAB - psiABX)
            dB += w * (psiAB + SpecialFunctions.digamma(b + xd) - psiB - psiABX)
        }
        // Row terms: ln(e^A₃ + e^A₄) with weights w₃, w₄ = e^Aᵢ / (e^A₃ + e^A₄).
        // Unchecked buffers: this loop is the whole cost of a fit.
        var sumW4 = 0.0, sumW4InverseBx = 0.0
        rowWeight.withUnsafeBufferPointer { weights in
        rowFrequency.withUnsafeBufferPointer { frequencies in
        rowAge.withUnsafeBufferPointer { ages in
        rowRecency.withUnsafeBufferPointer { recencies in
        logAge.withUnsafeBufferPointer { logAge in
        inverseAge.withUnsafeBufferPointer { inverseAge in
        logRecency.withUnsafeBufferPointer { logRecency in
        inverseRecency.withUnsafeBufferPointer { inverseRecency in
        logBx.withUnsafeBufferPointer { logBx in
        inverseBx.withUnsafeBufferPointer { inverseBx in
            for i in 0..<weights.count {
                let w = weights[i]
                let x = Int(frequencies[i])
                let ti = Int(ages[i])
                let rx = r + Double(x)
                let a3 = -rx * logAge[ti]
                if x == 0 {
                    value += w * a3
                    dr -= w * logAge[ti]
                    dAlpha -= w * rx * inverseAge[ti]
                    continue
                }
                let ri = Int(recencies[i])
                let a4 = logA - logBx[x] - rx * logRecency[ri]
                // log-sum-exp around the larger exponent.
                let difference = a4 - a3
                let e = exp(-abs(difference))
                let onePlusE = 1 + e
                let w4 = (difference > 0 ? 1 : e) / onePlusE
                let w3 = 1 - w4
                value += w * (max(a3, a4) + log1p(e))
                dr -= w * (w3 * logAge[ti] + w4 * logRecency[ri])
                dAlpha -= w * rx * (w3 * inverseAge[ti] + w4 * inverseRecency[ri])
                sumW4 += w * w4
                sumW4InverseBx += w * w4 * inverseBx[x]
            }
        }}}}}}}}}}
        dA += sumW4 / a
        dB -= sumW4InverseBx
        return (value, [dr, dAlpha, dA, dB])
    }
}
