import Analytics
import Foundation
import PostgresClient
import Scoring
import TestSupport
import XCTest

/// `sql/clv/rfm_summary.sql` against the same summary computed independently in
/// Swift (Foundation's calendar for the local day, a dictionary for the merge).
final class RFMSummarySQLTests: XCTestCase {
    private let asOf = CalendarDate("2026-06-30")!

    /// Expected (frequency, recencyDays, ageDays, monetary in cents) per customer.
    private func independentSummary(
        _ lines: [SaleLine], asOf: CalendarDate, timeZone: String
    ) -> [String: (Int, Int, Int, Double)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        var dayValues: [String: [Int: Int]] = [:]  // customer → local day → cents
        for line in lines where !line.isReturn && line.customerID != "unknown" {
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(line.orderedAt)))
            let day = CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
            guard day <= asOf else { continue }
            dayValues[line.customerID, default: [:]][day.daysSinceEpoch, default: 0] += line.amountCents
        }
        return dayValues.mapValues { days in
            let sorted = days.keys.sorted()
            let repeats = sorted.dropFirst().map { days[$0]! }
            let monetary = repeats.isEmpty ? 0 : max(0, Double(repeats.reduce(0, +)) / Double(repeats.count))
            return (sorted.count - 1, sorted.last! - sorted[0], asOf.daysSinceEpoch - sorted[0], monetary)
        }
    }

    private func sqlSummary(_ connection: Connection, timeZone: String, unit: TimeUnit = .day) throws -> RFMSummary {
        try connection.transaction {
            try RFMSummaryReader(connection: connection, sql: try TestCluster.repositorySQL())
                .summary(asOf: asOf, timeZone: timeZone, unit: unit)
        }
    }

    private func assertMatches(_ lines: [SaleLine], timeZone: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "rfm"))
        try FactSalesFixture.insert(lines, into: connection)
        let summary = try sqlSummary(connection, timeZone: timeZone)
        let expected = independentSummary(lines, asOf: asOf, timeZone: timeZone)
        XCTAssertEqual(summary.rows.count, expected.count, file: file, line: line)
        for row in summary.rows {
            guard let (frequency, recency, age, monetaryCents) = expected[row.customerID] else {
                XCTFail("unexpected customer \(row.customerID)", file: file, line: line)
                continue
            }
            XCTAssertEqual(row.frequency, frequency, row.customerID, file: file, line: line)
            XCTAssertEqual(row.recency, Double(recency), row.customerID, file: file, line: line)
            XCTAssertEqual(row.T, Double(age), row.customerID, file: file, line: line)
            XCTAssertEqual(row.monetary, monetaryCents / 100, accuracy: 1e-9, row.customerID, file: file, line: line)
        }
    }

    /// Random histories around the as-of date: several lines a day, returns, orders
    /// late in the UTC evening, customers who start after the as-of date.
    private func randomLines(seed: UInt64) -> [SaleLine] {
        var random = SeededRandom(seed: seed)
        let asOfMidnight = (asOf.daysSinceEpoch + 1) * 86_400
        var lines: [SaleLine] = []
        for customer in 0..<300 {
            let orders = 1 + Int(random.uniform() * 8)
            for _ in 0..<orders {
                // Within 60 days before to 5 days after the as-of day, biased to late evening.
                let day = asOfMidnight - 60 * 86_400 + Int(random.uniform() * 65) * 86_400
                let second = random.uniform() < 0.4 ? 84_600 + Int(random.uniform() * 1800) : Int(random.uniform() * 86_400)
                let lineCount = random.uniform() < 0.3 ? 2 : 1
                for _ in 0..<lineCount {
                    lines.append(
                        SaleLine(
                            customerID: "C\(customer)", orderedAt: day + second,
                            amountCents: 100 + Int(random.uniform() * 20_000)))
                }
                if random.uniform() < 0.15 {
                    lines.append(SaleLine(customerID: "C\(customer)", orderedAt: day + second + 3600, amountCents: -2_500, isReturn: true))
                }
            }
        }
        lines.append(SaleLine(customerID: "unknown", orderedAt: asOfMidnight - 86_400, amountCents: 999))
        return lines
    }

    func testRandomHistoriesMatchInUTC() throws {
        try assertMatches(randomLines(seed: 7), timeZone: "UTC")
    }

    func testRandomHistoriesMatchInTokyo() throws {
        try assertMatches(randomLines(seed: 8), timeZone: "Asia/Tokyo")
    }

    func testRandomHistoriesMatchInNewYork() throws {
        try assertMatches(randomLines(seed: 9), timeZone: "America/New_York")
    }

    /// The conventions spelt out on a few hand-made customers.
    func testConventionsOnKnownCustomers() throws {
        let day = 86_400
        let asOfStart = asOf.daysSinceEpoch * day
        let lines = [
            // A: two lines on day -10 (one purchase), a return, a purchase on day -3.
            SaleLine(customerID: "A", orderedAt: asOfStart - 10 * day + 3600, amountCents: 1_000),
            SaleLine(customerID: "A", orderedAt: asOfStart - 10 * day + 7200, amountCents: 500),
            SaleLine(customerID: "A", orderedAt: asOfStart - 5 * day, amountCents: -1_000, isReturn: true),
            SaleLine(customerID: "A", orderedAt: asOfStart - 3 * day, amountCents: 4_000),
            SaleLine(customerID: "A", orderedAt: asOfStart - 3 * day + 60, amountCents: 2_000),
            // B: first purchase at 23:30 UTC the day before the as-of date, then on the as-of day.
            SaleLine(customerID: "B", orderedAt: asOfStart - 1800, amountCents: 700),
            SaleLine(customerID: "B", orderedAt: asOfStart + 3600, amountCents: 900),
            // C: first purchase the day after the as-of date: not a customer yet.
            SaleLine(customerID: "C", orderedAt: asOfStart + day + 10, amountCents: 100),
        ]
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "rfm"))
        try FactSalesFixture.insert(lines, into: connection)

        let utc = Dictionary(uniqueKeysWithValues: try sqlSummary(connection, timeZone: "UTC").rows.map { ($0.customerID, $0) })
        XCTAssertEqual(Set(utc.keys), ["A", "B"])
        XCTAssertEqual(utc["A"], RFMSummaryRow(customerID: "A", frequency: 1, recency: 7, T: 10, monetary: 60))
        XCTAssertEqual(utc["B"], RFMSummaryRow(customerID: "B", frequency: 1, recency: 1, T: 1, monetary: 9))

        // In Tokyo (UTC+9) 23:30 UTC is 08:30 the next day: B bought twice on the as-of day.
        let tokyo = Dictionary(
            uniqueKeysWithValues: try sqlSummary(connection, timeZone: "Asia/Tokyo").rows.map { ($0.customerID, $0) })
        XCTAssertEqual(tokyo["B"], RFMSummaryRow(customerID: "B", frequency: 0, recency: 0, T: 0, monetary: 0))

        // Days become the requested unit only in Swift.
        let weeks = try sqlSummary(connection, timeZone: "UTC", unit: .week).rows.first { $0.customerID == "A" }
        XCTAssertEqual(weeks?.recency ?? 0, 1, accuracy: 1e-12)
        XCTAssertEqual(weeks?.T ?? 0, 10.0 / 7, accuracy: 1e-12)
    }
}
