import Foundation

/// Maps a domain of values onto a span of pixels, with round ticks.
struct LinearScale {
    var domain: (low: Double, high: Double)
    var range: (start: Double, end: Double)

    /// A domain covering `values` and zero, widened to round tick steps.
    static func niceDomain(_ values: [Double], includeZero: Bool = true, tickCount: Int = 5) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        if low == high {
            high = low == 0 ? 1 : low + abs(low) * 0.1
        }
        let step = niceStep((high - low) / Double(tickCount))
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 && raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for factor in [1, 2, 2.5, 5, 10] where factor * power >= raw * 0.999_999 {
            return factor * power
        }
        return 10 * power
    }

    func position(_ value: Double) -> Double {
        let span = domain.high - domain.low
        guard span != 0 else { return range.start }
        return range.start + (value - domain.low) / span * (range.end - range.start)
    }

    /// Round values inside the domain, about `count` of them.
    func ticks(_ count: Int = 5) -> [Double] {
        let step = Self.niceStep((domain.high - domain.low) / Double(max(count, 1)))
        var ticks: [Double] = []
        var value = (domain.low / step).rounded(.up) * step
        while value <= domain.high + step * 1e-9 && ticks.count < 50 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }
}
