import Foundation
import Scoring

/// Writes simulated purchases as `dw.fact_sales` rows in COPY text format: one order
/// line at noon UTC per purchase day, unknown product, channel and campaign.
final class FactsFile {
    private let handle: FileHandle
    private let asOf: CalendarDate
    private var buffer = ""
    private var orders = 0

    init(path: String, asOf: CalendarDate) {
        FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)!
        self.asOf = asOf
    }

    func write(customer: Int, ageDays: Int, day: Int, cents: Int64) {
        let date = CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch - ageDays + day)
        let amount = "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
        let key = date.description.replacingOccurrences(of: "-", with: "")
        orders += 1
        buffer += "B\(orders)\t1\t\(key)\t\(date) 12:00:00+00\t-1\tS\(customer)\t-1\t-1\t-1\t1\t\(amount)\t\(amount)\tEUR\t\(amount)\tf\t1\t1\n"
        if buffer.utf8.count > 1 << 20 { flush() }
    }

    func close() {
        flush()
        try? handle.close()
    }

    private func flush() {
        handle.write(Data(buffer.utf8))
        buffer = ""
    }
}
