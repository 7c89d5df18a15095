import Analytics
import Foundation
import Logging
import PostgresClient
import Scoring
import TestSupport
import XCTest

/// `clv fit --compare` and the CLV diagnostics on a simulated warehouse, against a
/// summary and holdout counted here from the order lines themselves.
final class CLVCompareTests: XCTestCase {
    static let start = CalendarDate("2025-01-01")!
    static let asOf = CalendarDate("2026-03-31")!
    static let holdoutEnd = CalendarDate("2026-09-30")!

    private func scoring(_ connection: Connection) throws -> CLVScoring {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return CLVScoring(connection: connection, sql: try TestCluster.repositorySQL(), logger: logger)
    }

    /// Simulated customers plus a hand-made one whose order runs past midnight (one
    /// purchase, on its first day) and who returns goods later (no purchase).
    private func warehouse(customers: Int) throws -> (Connection, [SaleLine]) {
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "clvcmp"))
        var lines = SimulatedPopulation().lines(
            customers: customers, seed: 17, start: Self.start, asOf: Self.asOf, end: Self.holdoutEnd)
        let day = Self.asOf.daysSinceEpoch - 40
        lines += [
            SaleLine(customerID: "H1", orderedAt: (day - 100) * 86_400 + 3_600, amountCents: 5_000, orderID: "H-a"),
            SaleLine(customerID: "H1", orderedAt: day * 86_400 + 86_000, amountCents: 2_000, orderID: "H-b"),
            SaleLine(customerID: "H1", orderedAt: (day + 1) * 86_400 + 600, amountCents: 1_000, orderID: "H-b", lineNo: 2),
            SaleLine(customerID: "H1", orderedAt: (day + 3) * 86_400, amountCents: -1_000, isReturn: true, orderID: "H-r"),
            SaleLine(customerID: "H1", orderedAt: (Self.asOf.daysSinceEpoch + 5) * 86_400, amountCents: 900, orderID: "H-c"),
        ]
        try FactSalesFixture.insert(lines, into: connection)
        return (connection, lines)
    }

    /// Per customer: purchase days (an order on the day of its earliest line, returns not
    /// orders) up to the as-of date, and purchase days in the holdout.
    private struct Counted {
        var frequency: Int
        var recencyDays: Int
        var ageDays: Int
        var holdout: Int
    }

    private func counted(_ lines: [SaleLine]) -> [String: Counted] {
        var orderStart: [String: (customer: String, second: Int)] = [:]
        for (index, line) in lines.enumerated() where !line.isReturn {
            let order = line.orderID ?? "O\(index)"
            if let known = orderStart[order], known.second <= line.orderedAt { continue }
            orderStart[order] = (line.customerID, line.orderedAt)
        }
        var days: [String: Set<Int>] = [:]
        for (customer, second) in orderStart.values { days[customer, default: []].insert(second / 86_400) }
        var result: [String: Counted] = [:]
        for (customer, set) in days {
            let calibration = set.filter { $0 <= Self.asOf.daysSinceEpoch }
            guard let first = calibration.min(), let last = calibration.max() else { continue }
            result[customer] = Counted(
                frequency: calibration.count - 1, recencyDays: last - first, ageDays: Self.asOf.daysSinceEpoch - first,
                holdout: set.filter { $0 > Self.asOf.daysSinceEpoch && $0 <= Self.holdoutEnd.daysSinceEpoch }.count)
        }
        return result
    }

    private func parameters(_ candidate: CLVModelComparison.Candidate, unit: TimeUnit) -> any PurchaseModel {
        let p = candidate.parameters
        switch candidate.model {
        case .bgnbd: return BGNBDParameters(r: p["r"]!, alpha: p["alpha"]!, a: p["a"]!, b: p["b"]!, unit: unit)
        case .mbgnbd: return MBGNBDParameters(r: p["r"]!, alpha: p["alpha"]!, a: p["a"]!, b: p["b"]!, unit: unit)
        case .paretonbd: return ParetoNBDParameters(r: p["r"]!, alpha: p["alpha"]!, s: p["s"]!, beta: p["beta"]!, unit: unit)
        }
    }

    func testCompareReportsEveryModelOnTheHoldoutCountedFromTheLines() throws {
        let (connection, lines) = try warehouse(customers: 2_500)
        let split = CLVHoldoutSplit(calibrationEnd: Self.asOf, holdoutEnd: Self.holdoutEnd)
        let comparison = try scoring(connection).compare(
            CLVCompareOptions(split: split, unit: .week, configuredModel: .bgnbd))
        let reference = counted(lines)

        XCTAssertEqual(comparison.holdoutDays, 183)
        XCTAssertEqual(comparison.customers, reference.count)
        XCTAssertEqual(comparison.repeatBuyers, reference.values.filter { $0.frequency > 0 }.count)
        XCTAssertEqual(comparison.actualHoldoutPurchases, reference.values.reduce(0) { $0 + $1.holdout })
        XCTAssertEqual(reference["H1"]?.frequency, 1)  // the order past midnight is one purchase, the return none
        XCTAssertEqual(reference["H1"]?.holdout, 1)
        XCTAssertEqual(comparison.models.map(\.model), PurchaseModelKind.allCases)

        let week = 7.0
        for candidate in comparison.models {
            let model = parameters(candidate, unit: .week)
            var customers = [Int](repeating: 0, count: 8)
            var actual = [Int](repeating: 0, count: 8)
            var expected = [Double](repeating: 0, count: 8)
            for row in reference.values {
                let group = min(row.frequency, 7)
                customers[group] += 1
                actual[group] += row.holdout
                expected[group] += model.expectedPurchases(
                    t: 183 / week, frequency: row.frequency, recency: Double(row.recencyDays) / week,
                    T: Double(row.ageDays) / week)
            }
            XCTAssertEqual(candidate.groups.map(\.frequency), ["0", "1", "2", "3", "4", "5", "6", "7+"])
            XCTAssertEqual(candidate.groups.map(\.customers), customers, "\(candidate.name)")
            XCTAssertEqual(candidate.groups.map(\.actualPurchases), actual, "\(candidate.name)")
            for (group, value) in zip(candidate.groups, expected) {
                XCTAssertEqual(group.expectedPurchases, value, accuracy: 1e-9 * max(1, value), "\(candidate.name) \(group.frequency)")
            }
            let errors = zip(expected, actual).map { $0 - Double($1) }
            XCTAssertEqual(candidate.groupMAE, errors.map(abs).reduce(0, +) / 8, accuracy: 1e-6)
            XCTAssertEqual(candidate.groupRMSE, (errors.map { $0 * $0 }.reduce(0, +) / 8).squareRoot(), accuracy: 1e-6)
            XCTAssertEqual(
                candidate.totalError, expected.reduce(0, +) - Double(actual.reduce(0, +)), accuracy: 1e-6)
            // Information criteria from the log-likelihood of the model summed here.
            var logLikelihood = 0.0
            for row in reference.values {
                logLikelihood += model.logLikelihood(
                    frequency: row.frequency, recency: Double(row.recencyDays) / week, T: Double(row.ageDays) / week)
            }
            XCTAssertEqual(candidate.logLikelihood, logLikelihood, accuracy: 1e-6 * abs(logLikelihood))
            XCTAssertEqual(candidate.parameterCount, 4)
            XCTAssertEqual(candidate.aic, 8 - 2 * logLikelihood, accuracy: 1e-5 * abs(logLikelihood))
            XCTAssertEqual(
                candidate.bic, 4 * log(Double(reference.count)) - 2 * logLikelihood, accuracy: 1e-5 * abs(logLikelihood))
        }

        // The rule: the smallest RMSE among converged fits, the configured model kept within 1 %.
        let converged = comparison.models.filter(\.converged)
        let best = try XCTUnwrap(converged.min { $0.groupRMSE < $1.groupRMSE })
        let configured = try XCTUnwrap(comparison.models.first { $0.model == .bgnbd })
        let expectedChoice = best.groupRMSE < 0.99 * configured.groupRMSE || !configured.converged ? best.model : .bgnbd
        XCTAssertEqual(comparison.bestModel, expectedChoice, comparison.reason)
        XCTAssertEqual(comparison.configuredModel, .bgnbd)
    }

    func testDiagnosticsCountPurchasesAsTheSummaryDoes() throws {
        let (connection, lines) = try warehouse(customers: 1_500)
        let split = CLVHoldoutSplit(calibrationEnd: Self.asOf, holdoutEnd: Self.holdoutEnd)
        let diagnostics = try scoring(connection).diagnostics(
            CLVDiagnosticsOptions(split: split, model: .mbgnbd, unit: .week))
        let reference = counted(lines)
        XCTAssertEqual(diagnostics.fit.kind, .mbgnbd)
        XCTAssertEqual(diagnostics.customers, reference.count)

        // Holdout and period-transactions groups: customers and purchases counted here.
        var customers = [Int](repeating: 0, count: 8)
        var holdout = [Int](repeating: 0, count: 8)
        for row in reference.values {
            customers[min(row.frequency, 7)] += 1
            holdout[min(row.frequency, 7)] += row.holdout
        }
        XCTAssertEqual(diagnostics.holdout.groups.map(\.customers), customers)
        XCTAssertEqual(diagnostics.holdout.groups.map(\.actualPurchases), holdout)
        XCTAssertEqual(diagnostics.periodTransactions.groups.map(\.actualCustomers), customers)
        XCTAssertEqual(
            diagnostics.periodTransactions.groups.reduce(0) { $0 + $1.expectedCustomers }, Double(reference.count),
            accuracy: 1e-6)

        // Weekly purchases: periods of 7 days ending on the calibration end, then the holdout.
        let periods = diagnostics.weekly.periods
        let calibration = periods.filter { !$0.isHoldout }
        XCTAssertEqual(calibration.last?.lastDay, Self.asOf.daysSinceEpoch)
        XCTAssertEqual(periods.last?.lastDay, Self.holdoutEnd.daysSinceEpoch)
        XCTAssertTrue(periods.dropFirst().dropLast().allSatisfy { $0.days == 7 })
        XCTAssertEqual(calibration.last?.cumulativeActualPurchases, reference.values.reduce(0) { $0 + $1.frequency })
        XCTAssertEqual(
            periods.filter(\.isHoldout).reduce(0) { $0 + $1.actualPurchases }, reference.values.reduce(0) { $0 + $1.holdout })
        // At the calibration end the prediction is Σ E[X(T)] over the customers' own ages.
        let model = diagnostics.fit.parameters
        let atCalibrationEnd = reference.values.reduce(0.0) {
            $0 + model.populationExpectedPurchases(t: Double($1.ageDays) / 7)
        }
        XCTAssertEqual(calibration.last?.cumulativeExpectedPurchases ?? 0, atCalibrationEnd, accuracy: 1e-6 * atCalibrationEnd)

        // P(alive) over frequency × recency: nil where the history is impossible, rising with recency.
        let alive = diagnostics.probabilityAlive
        XCTAssertEqual(alive.frequencies.first, 0)
        XCTAssertNil(alive.values[0][1])
        for row in alive.values.indices.dropFirst() {
            let values = alive.values[row].compactMap { $0 }
            XCTAssertEqual(values.count, alive.recencies.count)
            XCTAssertEqual(values, values.sorted(), "P(alive) rises with recency at x = \(alive.frequencies[row])")
        }
    }

    func testHoldoutSplitOfCalendarMonths() {
        func calibrationEnd(_ end: String, _ months: Int) -> String {
            CLVHoldoutSplit(holdoutEnd: CalendarDate(end)!, months: months).calibrationEnd.description
        }
        XCTAssertEqual(calibrationEnd("2026-11-30", 6), "2026-05-31")  // month end to month end
        XCTAssertEqual(calibrationEnd("2026-08-31", 6), "2026-02-28")
        XCTAssertEqual(calibrationEnd("2026-03-15", 1), "2026-02-15")
        XCTAssertEqual(calibrationEnd("2024-03-30", 1), "2024-02-29")  // no 30 February
        XCTAssertEqual(calibrationEnd("2026-01-31", 12), "2025-01-31")
        XCTAssertEqual(CLVHoldoutSplit(holdoutEnd: CalendarDate("2026-11-30")!, months: 6).holdoutDays, 183)
    }
}
