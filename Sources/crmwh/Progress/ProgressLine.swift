import Foundation

/// The text of one progress line, computed from counts alone so it can be
/// tested without a terminal:
/// `transactions.csv [#######·······]  45%  12.3/27.1 MB  4.1 MB/s  52310 rows/s  ETA 0:04`.
struct ProgressLine {
    var label: String
    var bytesRead: Int64
    /// Nil or ≤ 0 when the size is unknown: no percentage, bar or ETA.
    var totalBytes: Int64?
    var rows: Int
    var elapsed: Double

    var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, max(0, Double(bytesRead) / Double(totalBytes)))
    }

    var bytesPerSecond: Double { elapsed > 0 ? Double(bytesRead) / elapsed : 0 }
    var rowsPerSecond: Double { elapsed > 0 ? Double(rows) / elapsed : 0 }

    /// Seconds left at the average rate so far; nil until there is a rate.
    var eta: Double? {
        guard let totalBytes, totalBytes > 0, bytesPerSecond > 0 else { return nil }
        return max(0, Double(totalBytes - bytesRead) / bytesPerSecond)
    }

    /// The line, cut to `width` characters (a wrapped line cannot be redrawn in place).
    func render(width: Int, barWidth: Int = 20) -> String {
        var parts: [String] = [label]
        if let fraction {
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]")
            parts.append(String(format: "%3d%%", Int((fraction * 100).rounded(.down))))
            parts.append("\(Self.bytes(bytesRead))/\(Self.bytes(totalBytes ?? 0))")
        } else {
            parts.append(Self.bytes(bytesRead))
        }
        parts.append("\(Self.bytes(Int64(bytesPerSecond)))/s")
        parts.append("\(Int(rowsPerSecond.rounded())) rows/s")
        if let eta { parts.append("ETA \(Self.clock(eta))") }
        let line = parts.joined(separator: "  ")
        return line.count <= width ? line : String(line.prefix(max(0, width - 1))) + "…"
    }

    /// Decimal units, as `ls -h --si` and transfer tools show them.
    static func bytes(_ count: Int64) -> String {
        let value = Double(count)
        if value < 1_000 { return "\(count) B" }
        if value < 1_000_000 { return String(format: "%.1f kB", value / 1_000) }
        if value < 1_000_000_000 { return String(format: "%.1f MB", value / 1_000_000) }
        return String(format: "%.2f GB", value / 1_000_000_000)
    }

    /// `m:ss`, or `h:mm:ss` from an hour.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole >= 3600 { return String(format: "%d:%02d:%02d", whole / 3600, (whole % 3600) / 60, whole % 60) }
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
