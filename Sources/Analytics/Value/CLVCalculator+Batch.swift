import Foundation

extension CLVCalculator {
    /// Scores every customer of `summary`, converting its times to the model's unit.
    ///
    /// E[Y(t) | x, tₓ, T] is P(alive | x, tₓ, T) times a horizon curve that depends on
    /// x and T only, and the curve (a hypergeometric series at every month of the
    /// horizon) is the expensive part. So the curve is computed once per distinct
    /// (x, T) — a day-resolution summary has a few thousand of them against hundreds
    /// of thousands of customers — and each customer costs one P(alive) and one
    /// Gamma-Gamma mean. Both passes are spread over the processor's cores.
    ///
    /// - Throws: `.invalidRow` for a row breaking the RFM conventions (the first one),
    ///   `.nonFiniteResult` naming the first customer whose outputs are not finite.
    public func score(_ summary: RFMSummary) throws -> [CustomerValue] {
        let rows = summary.converted(to: purchases.unit).rows
        var curveIndex = RowKeyIndex(expectedCount: 4096)
        var curveKeys: [(frequency: Int, T: Double)] = []
        var curveOfRow = [Int32](repeating: 0, count: rows.count)
        for i in rows.indices {
            try rows[i].validate()
            let key = curveIndex.index(UInt64(rows[i].frequency), rows[i].T.bitPattern)
            if key.inserted { curveKeys.append((rows[i].frequency, rows[i].T)) }
            curveOfRow[i] = Int32(key.index)
        }

        let curves = [(expected: Double, discounted: Double)](
            unsafeUninitializedCapacity: curveKeys.count
        ) { buffer, initialized in
            // A copy of the pointer: threads share the memory, never the inout variable.
            let curvesOut = buffer
            ParallelRanges.forEach(curveKeys.count, minimumChunk: 64) { range in
                for k in range {
                    curvesOut.initializeElement(
                        at: k, to: purchaseCurveIfAlive(frequency: curveKeys[k].frequency, T: curveKeys[k].T))
                }
            }
            initialized = curveKeys.count
        }

        let values = [CustomerValue](unsafeUninitializedCapacity: rows.count) { buffer, initialized in
            let valuesOut = buffer
            ParallelRanges.forEach(rows.count, minimumChunk: 4096) { range in
                for i in range {
                    let curve = curves[Int(curveOfRow[i])]
                    let alive = purchases.probabilityAlive(
                        frequency: rows[i].frequency, recency: rows[i].recency, T: rows[i].T)
                    let spend = gammaGamma.expectedAverageValue(frequency: rows[i].frequency, monetary: rows[i].monetary)
                    valuesOut.initializeElement(
                        at: i,
                        to: CustomerValue(
                            customerID: rows[i].customerID, probabilityAlive: alive,
                            expectedPurchases: alive * curve.expected, expectedAverageValue: spend,
                            clv: margin * spend * alive * curve.discounted))
                }
            }
            initialized = rows.count
        }
        if let bad = values.first(where: { !$0.isFinite }) {
            throw AnalyticsError(.nonFiniteResult, "customer \(bad.customerID): model outputs are not finite: \(bad)")
        }
        return values
    }
}

/// Splits 0..<count into contiguous ranges run on all cores (inline when small).
enum ParallelRanges {
    static func forEach(_ count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // A few chunks per core even out chunks that cost more than others.
        let chunks = max(1, min(4 * cores, count / max(1, minimumChunk)))
        guard chunks > 1 else {
            body(0..<count)
            return
        }
        // concurrentPerform returns only when every chunk is done, and the
        // chunks are disjoint ranges: the body may write its own slice of a
        // shared buffer without a lock, which the type system cannot see.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedBody(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                shared.body((count * k / chunks)..<(count * (k + 1) / chunks))
            }
        }
    }

    private struct UncheckedBody: @unchecked Sendable {
        let body: (Range<Int>) -> Void
        init(_ body: @escaping (Range<Int>) -> Void) { self.body = body }
    }
}
