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

    /// Expected (frequency, recencyDays, ageDays, monetary in cents) per customer,
    /// written from the definition rather than from the SQL: an order is its first
    /// purchase line's (customer, local day); every line counts on its order's day, a
    /// line outside its customer's orders on the latest purchase day on or before it
    /// (else the first); monetary is the mean net value of the repeat days, at least 0.
    private func independentSummary(
        _ lines: [SaleLine], asOf: CalendarDate, timeZone: String
    ) -> [String: (Int, Int, Int, Double)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        func localDay(_ line: SaleLine) -> Int {
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(line.orderedAt)))
            return CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!.daysSinceEpoch
        }
        let known = lines.enumerated().map { (id: $1.orderID ?? "O\($0)", line: $1, day: localDay($1)) }
            .filter { $0.day <= asOf.daysSinceEpoch }
        var firstLine: [String: (orderedAt: Int, lineNo: Int, customer: String, day: Int)] = [:]
        for (id, line, day) in known where !line.isReturn {
            if let first = firstLine[id], (first.orderedAt, first.lineNo) < (line.orderedAt, line.lineNo) { continue }
            firstLine[id] = (line.orderedAt, line.lineNo, line.customerID, day)
        }
        var dayValues: [String: [Int: Int]] = [:]  // customer → purchase day → net cents
        for order in firstLine.values where order.customer != "unknown" {
            dayValues[order.customer, default: [:]][order.day] = 0
        }
        for (id, line, day) in known where line.customerID != "unknown" {
            guard let days = dayValues[line.customerID] else { continue }  // no purchase: not a customer
            let purchaseDay: Int
            if let order = firstLine[id], order.customer == line.customerID {
                purchaseDay = order.day
            } else {
                purchaseDay = days.keys.filter { $0 <= day }.max() ?? days.keys.min()!
            }
            dayValues[line.customerID]![purchaseDay]! += line.amountCents
        }
        return dayValues.mapValues { days in
            let sorted = days.keys.sorted()
            let repeats = sorted.dropFirst().map { days[$0]! }
            let monetary = repeats.isEmpty ? 0 : max(0, Double(repeats.reduce(0, +)) / Double(repeats.count))
            return (sorted.count - 1, sorted.last! - sorted[0], asOf.daysSinceEpoch - sorted[0], monetary)
        }
    }

    /// Expected holdout purchases per customer, from the definition: the distinct days
    /// after `asOf` of the orders (first purchase line, over the lines up to
    /// `holdoutEnd`) that begin after it, for the customers of the summary at `asOf`.
    private func independentHoldout(
        _ lines: [SaleLine], asOf: CalendarDate, holdoutEnd: CalendarDate, timeZone: String
    ) -> [String: Int] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        var firstLine: [String: (orderedAt: Int, lineNo: Int, customer: String, day: Int)] = [:]
        for (index, line) in lines.enumerated() where !line.isReturn {
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(line.orderedAt)))
            let day = CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
                .daysSinceEpoch
            guard day <= holdoutEnd.daysSinceEpoch else { continue }
            let id = line.orderID ?? "O\(index)"
            if let first = firstLine[id], (first.orderedAt, first.lineNo) < (line.orderedAt, line.lineNo) { continue }
            firstLine[id] = (line.orderedAt, line.lineNo, line.customerID, day)
        }
        var days: [String: Set<Int>] = [:]
        for order in firstLine.values where order.day > asOf.daysSinceEpoch {
            days[order.customer, default: []].insert(order.day)
        }
        return days.mapValues(\.count)
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
        // Read with the holdout after it, the summary is the same.
        let holdoutEnd = CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch + 5)
        let (withHoldout, holdout) = try connection.transaction {
            try RFMSummaryReader(connection: connection, sql: try TestCluster.repositorySQL())
                .summary(asOf: asOf, holdoutEnd: holdoutEnd, timeZone: timeZone, unit: .day)
        }
        XCTAssertEqual(withHoldout.rows, summary.rows, file: file, line: line)
        let expectedHoldout = independentHoldout(lines, asOf: asOf, holdoutEnd: holdoutEnd, timeZone: timeZone)
        XCTAssertEqual(
            holdout, summary.rows.map { expectedHoldout[$0.customerID] ?? 0 }, file: file, line: line)
        XCTAssertGreaterThan(holdout.reduce(0, +), 20, file: file, line: line)
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

    /// Random histories around the as-of date: orders of several lines, some spanning
    /// midnight, some with another customer's line, orders late in the UTC evening,
    /// returns inside an order and returns
    /// under order ids of their own (before, on and after purchase days), customers who
    /// start after the as-of date or only ever return.
    private func randomLines(seed: UInt64) -> [SaleLine] {
        var random = SeededRandom(seed: seed)
        let asOfMidnight = (asOf.daysSinceEpoch + 1) * 86_400
        var lines: [SaleLine] = []
        var orderNumber = 0
        func anyTime() -> Int {
            // Within 60 days before to 5 days after the as-of day, biased to late evening.
            let day = asOfMidnight - 60 * 86_400 + Int(random.uniform() * 65) * 86_400
            return day + (random.uniform() < 0.4 ? 84_600 + Int(random.uniform() * 1800) : Int(random.uniform() * 86_400))
        }
        for customer in 0..<300 {
            let orders = random.uniform() < 0.03 ? 0 : 1 + Int(random.uniform() * 8)
            for _ in 0..<orders {
                orderNumber += 1
                let id = "R\(orderNumber)"
                let time = anyTime()
                let lineCount = random.uniform() < 0.3 ? 2 + Int(random.uniform() * 2) : 1
                for number in 1...lineCount {
                    // Later lines up to two hours on: past midnight for a late order.
                    let offset = number == 1 ? 0 : Int(random.uniform() * 7200)
                    let amount = 100 + Int(random.uniform() * 20_000)
                    lines.append(
                        SaleLine(
                            customerID: "C\(customer)", orderedAt: time + offset, amountCents: amount, orderID: id,
                            lineNo: number))
                    if number == 1 && random.uniform() < 0.05 {
                        // Another customer's line in the order at the same instant: numbered
                        // before this one it is the order's first line (the order is theirs),
                        // after it a line outside their orders.
                        lines.append(
                            SaleLine(
                                customerID: "C\((customer + 1) % 300)", orderedAt: time, amountCents: amount / 2,
                                orderID: id, lineNo: random.uniform() < 0.5 ? 0 : 9))
                    }
                    if random.uniform() < 0.15 {
                        // The line returned within the order, sometimes all of it.
                        let returned = random.uniform() < 0.5 ? amount : amount / 3
                        lines.append(
                            SaleLine(
                                customerID: "C\(customer)", orderedAt: time + offset + Int(random.uniform() * 5) * 86_400,
                                amountCents: -returned, isReturn: true, orderID: id, lineNo: 100 + number))
                    }
                }
            }
            // Returns booked under an order id of their own, at any time (also customers without orders).
            while random.uniform() < 0.25 {
                lines.append(
                    SaleLine(
                        customerID: "C\(customer)", orderedAt: anyTime(), amountCents: -(100 + Int(random.uniform() * 9_000)),
                        isReturn: true))
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

    /// Values net of returns, on the days of the orders they belong to.
    func testNetValuesOnKnownCustomers() throws {
        let day = 86_400
        let start = asOf.daysSinceEpoch * day + 12 * 3600  // noon UTC on the as-of day
        func sale(_ customer: String, _ days: Int, _ cents: Int, order: String? = nil, line: Int = 1, seconds: Int = 0) -> SaleLine {
            SaleLine(
                customerID: customer, orderedAt: start - days * day + seconds, amountCents: cents,
                isReturn: cents < 0, orderID: order, lineNo: line)
        }
        let lines = [
            // D: a return inside the repeat order two days later, and one under its own id.
            sale("D", 20, 5_000), sale("D", 10, 8_000, order: "D2"), sale("D", 8, -3_000, order: "D2", line: 2),
            sale("D", 4, -2_000),
            // E: the repeat order returned whole: no spend kept.
            sale("E", 20, 4_000), sale("E", 6, 2_500, order: "E2"), sale("E", 5, -2_500, order: "E2", line: 2),
            // F: a return bigger than the repeat order it follows: net below 0, kept at 0.
            sale("F", 20, 1_000), sale("F", 5, 1_000), sale("F", 4, -3_000),
            // G: an order past midnight is one purchase, on its first line's day.
            sale("G", 15, 1_000), sale("G", 7, 700, order: "G2", seconds: 11 * 3600 + 50 * 60),
            sale("G", 7, 300, order: "G2", line: 2, seconds: 12 * 3600 + 10 * 60),
            // H: a return before any purchase counts on the first purchase day.
            sale("H", 12, -500), sale("H", 10, 2_000), sale("H", 2, 3_000),
            // I: only returns: not a customer of the models.
            sale("I", 9, -1_000),
            // K: an order whose return line comes before its purchase line.
            sale("K", 20, 500), sale("K", 9, -1_000, order: "K2", line: 2), sale("K", 8, 4_000, order: "K2"),
        ]
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "rfm"))
        try FactSalesFixture.insert(lines, into: connection)
        let rows = Dictionary(uniqueKeysWithValues: try sqlSummary(connection, timeZone: "UTC").rows.map { ($0.customerID, $0) })
        XCTAssertEqual(Set(rows.keys), ["D", "E", "F", "G", "H", "K"])
        XCTAssertEqual(rows["D"], RFMSummaryRow(customerID: "D", frequency: 1, recency: 10, T: 20, monetary: 30))
        XCTAssertEqual(rows["E"], RFMSummaryRow(customerID: "E", frequency: 1, recency: 14, T: 20, monetary: 0))
        XCTAssertEqual(rows["F"], RFMSummaryRow(customerID: "F", frequency: 1, recency: 15, T: 20, monetary: 0))
        XCTAssertEqual(rows["G"], RFMSummaryRow(customerID: "G", frequency: 1, recency: 8, T: 15, monetary: 10))
        XCTAssertEqual(rows["H"], RFMSummaryRow(customerID: "H", frequency: 1, recency: 8, T: 10, monetary: 30))
        XCTAssertEqual(rows["K"], RFMSummaryRow(customerID: "K", frequency: 1, recency: 12, T: 20, monetary: 30))
        // The independent computation agrees on the planted cases too.
        let expected = independentSummary(lines, asOf: asOf, timeZone: "UTC")
        for (id, row) in rows {
            XCTAssertEqual(expected[id]?.0, row.frequency, id)
            XCTAssertEqual(expected[id].map { $0.3 / 100 }, row.monetary, id)
        }
    }

    /// Holdout purchases are days of orders that begin in the holdout.
    func testHoldoutCountsOrdersStartingAfterTheAsOfDay() throws {
        let day = 86_400
        let midnight = (asOf.daysSinceEpoch + 1) * day
        let lines = [
            SaleLine(customerID: "A", orderedAt: midnight - 600, amountCents: 1_000, orderID: "A1"),
            SaleLine(customerID: "A", orderedAt: midnight + 600, amountCents: 1_000, orderID: "A1", lineNo: 2),
            SaleLine(customerID: "A", orderedAt: midnight + 2 * day, amountCents: 1_000, orderID: "A2"),
            SaleLine(customerID: "A", orderedAt: midnight + 2 * day + 60, amountCents: 1_000, orderID: "A2", lineNo: 2),
            SaleLine(customerID: "A", orderedAt: midnight + 2 * day + 90, amountCents: 1_000, orderID: "A3"),
            SaleLine(customerID: "A", orderedAt: midnight + 3 * day, amountCents: -1_000, isReturn: true),
            SaleLine(customerID: "B", orderedAt: midnight - 5 * day, amountCents: 1_000),
            SaleLine(customerID: "B", orderedAt: midnight + 4 * day, amountCents: 1_000),
            SaleLine(customerID: "B", orderedAt: midnight + 40 * day, amountCents: 1_000),
        ]
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "rfm"))
        try FactSalesFixture.insert(lines, into: connection)
        let (summary, counts) = try connection.transaction {
            try RFMSummaryReader(connection: connection, sql: try TestCluster.repositorySQL()).summary(
                asOf: asOf, holdoutEnd: CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch + 30), timeZone: "UTC",
                unit: .day)
        }
        XCTAssertEqual(summary.rows.map(\.customerID), ["A", "B"])
        XCTAssertEqual(counts, [1, 1])
    }
}
