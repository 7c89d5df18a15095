import Foundation

/// A change between two figures in words: percentage points for rates and
/// shares, a relative change for money and counts.
enum ChangeText {
    /// "+1.2 pts", "−4.5 %", "no change"; nil without a base to compare with.
    static func change(from old: String?, to new: String, role: ColumnRole) -> String? {
        guard let old, let before = DecimalText.decimal(old), let after = DecimalText.decimal(new) else { return nil }
        if role == .percent {
            let points = ColumnRole.decimal(1).format(DecimalText.text((after - before) * 100))
            return signed(points) + " pts"
        }
        guard before != 0, let ratio = DecimalText.ratio(after - before, abs(before), places: 6) else { return nil }
        return signed(ColumnRole.percent.format(ratio).replacingOccurrences(of: " %", with: "")) + " %"
    }

    /// "up 1.2 points", "down 0.4 points", "unchanged" for a share or rate.
    static func points(from old: String?, to new: String?) -> String? {
        guard let before = DecimalText.decimal(old), let after = DecimalText.decimal(new) else { return nil }
        let shown = ColumnRole.decimal(1).format(DecimalText.text(abs(after - before) * 100))
        if shown == "0.0" { return "unchanged" }
        return "\(after > before ? "up" : "down") \(shown) points"
    }

    static func signed(_ text: String) -> String {
        if text.hasPrefix("-") { return "\u{2212}" + text.dropFirst() }
        return text.allSatisfy { $0 == "0" || $0 == "." || $0 == "," } ? text : "+" + text
    }
}
