import Foundation
@testable import Reports
import XCTest
import TestSupport

/// The value tier forecast: its arithmetic against a recurrence written out
/// here, the cut-offs, the backtest's bookkeeping on a hand-made history,
/// and on the generated warehouse its inputs against the raw order lines.
final class ValueForecastTests: XCTestCase {
    // MARK: - Without a database

    func testArrivalsEnterEachStepAndMoveWithTheChain() {
        let chain = MarkovForecast(matrix: [[0.5, 0.5], [0.25, 0.75]], entries: [10, 0])
        let after = chain.forecast([0, 0], steps: 3)
        // Step by step: (10, 0) → (15, 5) → (10 + 7.5 + 1.25, 7.5 + 3.75) = (18.75, 11.25).
        XCTAssertEqual(chain.forecast([0, 0], steps: 1), [10, 0])
        XCTAssertEqual(chain.forecast([0, 0], steps: 2), [15, 5])
        XCTAssertEqual(after[0], 18.75, accuracy: 1e-12)
        XCTAssertEqual(after[1], 11.25, accuracy: 1e-12)
        // Members are conserved: 3 steps of 10 arrivals.
        XCTAssertEqual(after.reduce(0, +), 30, accuracy: 1e-12)
        // Without arrivals a step is the matrix product, as before.
        let closed = MarkovForecast(matrix: [[0.5, 0.5], [0.25, 0.75]])
        XCTAssertEqual(closed.forecast([4, 8], steps: 2), [4 * 0.375 + 8 * 0.3125, 4 * 0.625 + 8 * 0.6875])
    }

    func testCutoffsRankLikeTheSnapshot() {
        let demo = TierCutoffs(top: 0.01, high: 0.05, medium: 0.20)
        // ceil(20000 × 0.05) is exactly 1000: decimal, not binary, shares.
        XCTAssertEqual(demo.counts(customers: 20_000), [200, 800, 3000, 16_000])
        XCTAssertEqual(demo.counts(customers: 20_001), [201, 800, 3000, 16_000])
        XCTAssertEqual(demo.counts(customers: 1), [1, 0, 0, 0])
        XCTAssertEqual(demo.counts(customers: 0), [0, 0, 0, 0])
        // The hand fixture's quarters: ranks ≤ 2, ≤ 4, ≤ 6 of 7.
        let quarters = TierCutoffs(top: 0.25, high: 0.5, medium: 0.75)
        XCTAssertEqual(quarters.counts(customers: 7), [2, 2, 2, 1])
        XCTAssertEqual(quarters.counts(customers: 5), [2, 1, 1, 1])
    }

    /// Three months of a population of recency states 0 … 11 and lapsed,
    /// with chosen flows, so the pooled rates are known fractions.
    func handHistory(lastComplete: String? = nil) -> ValueFlowHistory {
        func month(_ text: String, recency: [Int], lapsed: Int, new: Int) -> ValueFlowMonth {
            var month = ValueFlowMonth(month: text)
            month.recency = recency
            month.tierCounts = [1, 1, 1, recency.reduce(0, +) - 3, lapsed]
            month.newCustomers = new
            return month
        }
        // Month 0: 100 in each state, 400 lapsed.
        var m0 = month("2025-01-01", recency: Array(repeating: 100, count: 12), lapsed: 400, new: 30)
        m0.hasFlows = false
        // Month 1: of state s, 40 − 3s ordered (s = 0 … 11); 20 lapsed came
        // back; 50 new. Others aged: state s + 1 = 100 − (40 − 3s).
        var m1 = month(
            "2025-02-01",
            recency: [(0..<12).map { 40 - 3 * $0 }.reduce(0, +) + 20 + 50] + (0..<11).map { 100 - (40 - 3 * $0) },
            lapsed: 400 - 20 + (100 - 7), new: 50)
        m1.hasFlows = true
        m1.orderedFrom = (0..<12).map { 40 - 3 * $0 }
        m1.reactivated = 20
        m1.tierMoves = [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1100, 93], [0, 0, 0, 20, 380]]
        m1.newTiers = [0, 0, 0, 50, 0]
        // Month 2: 30 % of each state ordered, 10 % of the lapsed came back, 70 new.
        var m2 = month("2025-03-01", recency: m1.recency, lapsed: m1.lapsed, new: 70)
        m2.hasFlows = true
        m2.orderedFrom = m1.recency.map { $0 * 3 / 10 }
        m2.reactivated = m1.lapsed / 10
        m2.tierMoves = m1.tierMoves
        m2.newTiers = [0, 0, 0, 70, 0]
        return ValueFlowHistory(
            months: [m0, m1, m2], cutoffs: TierCutoffs(top: 0.01, high: 0.05, medium: 0.20),
            lastCompleteMonth: lastComplete)
    }

    func testPooledRatesAndTheForecastFollowTheRecurrence() throws {
        let history = handHistory()
        let forecast = try XCTUnwrap(ValueForecastModel.forecast(history, origin: 2, poolMonths: 2, horizon: 5))
        let m1 = history.months[1], m2 = history.months[2]
        // Pooled over months 1 and 2: ordered / at risk the month before.
        let rates = (0..<12).map { Double(m1.orderedFrom[$0] + m2.orderedFrom[$0]) / Double(100 + m1.recency[$0]) }
        let back = Double(m1.reactivated + m2.reactivated) / Double(400 + m1.lapsed)
        let arrivals = Double(50 + 70) / 2
        XCTAssertEqual(forecast.pooled.orderRates, rates)
        XCTAssertEqual(forecast.pooled.reactivationRate, back)
        XCTAssertEqual(forecast.pooled.newPerMonth, 60)
        XCTAssertEqual([forecast.pooled.firstMonth, forecast.pooled.lastMonth], ["2025-02-01", "2025-03-01"])
        // The recurrence, written out: state 0 collects the orders, the
        // others age one month, state 11 and the lapsed who stay lapse.
        var states = m2.recency.map(Double.init)
        var lapsed = Double(m2.lapsed)
        for _ in 0..<5 {
            let ordered = zip(rates, states).map { $0 * $1 }.reduce(0, +) + back * lapsed + arrivals
            let aged = (0..<11).map { states[$0] * (1 - rates[$0]) }
            lapsed = lapsed * (1 - back) + states[11] * (1 - rates[11])
            states = [ordered] + aged
        }
        let active = states.reduce(0, +)
        XCTAssertEqual(forecast.active, active, accuracy: 1e-9)
        XCTAssertEqual(forecast.tiers[4], lapsed, accuracy: 1e-9)
        // Everyone who had ordered, and every arrival, is somewhere.
        XCTAssertEqual(forecast.active + forecast.tiers[4], Double(m2.base) + 5 * arrivals, accuracy: 1e-9)
        // The tiers are the cut-offs of the active count.
        let n = Int(active.rounded())
        XCTAssertEqual(forecast.tiers[0..<4].map { Int($0) }, history.cutoffs.counts(customers: n))
        XCTAssertEqual(forecast.tiers[0..<4].reduce(0, +), Double(n))
    }

    func testTheTierChainPoolsMovesAndStartsNewCustomersInTheirTiers() throws {
        let history = handHistory()
        let forecast = try XCTUnwrap(ValueForecastModel.forecast(history, origin: 2, poolMonths: 2, horizon: 1))
        // One step: today's tiers · pooled move shares + 60 arrivals in low.
        let moves = history.months[1].tierMoves
        let now = history.months[2].tierCounts.map(Double.init)
        let shares = moves.map { row in row.map { Double($0) / Double(row.reduce(0, +)) } }
        let expected = (0..<5).map { j in (0..<5).reduce(j == 3 ? 60.0 : 0) { $0 + now[$1] * shares[$1][j] } }
        for j in 0..<5 { XCTAssertEqual(forecast.tierChain[j], expected[j], accuracy: 1e-9) }
    }

    func testTooShortAHistoryHasNoForecast() {
        let history = handHistory()
        XCTAssertNil(ValueForecastModel.forecast(history, origin: 2, poolMonths: 3, horizon: 12))
        XCTAssertNil(ValueForecastModel.forecast(history, origin: 0, poolMonths: 1, horizon: 12))
        XCTAssertNotNil(ValueForecastModel.forecast(history, origin: 1, poolMonths: 1, horizon: 12))
    }

    func testAnOriginStillFillingPoolsTheCompleteMonthsOnly() throws {
        let history = handHistory(lastComplete: "2025-02-01")
        let forecast = try XCTUnwrap(ValueForecastModel.forecast(history, origin: 2, poolMonths: 1, horizon: 1))
        XCTAssertEqual([forecast.pooled.firstMonth, forecast.pooled.lastMonth], ["2025-02-01", "2025-02-01"])
        XCTAssertEqual(forecast.pooled.newPerMonth, 50)
        XCTAssertEqual(forecast.origin.month, "2025-03-01")
    }

    func testBacktestComparesWithTheMonthAtTheHorizonAndAveragesTheErrors() throws {
        let history = handHistory()
        // Pool 1, horizon 1: origin 1 (pooled month 1) against month 2 is the
        // only origin; origin 2 has no month after it.
        let backtest = ValueForecastBacktest(history, poolMonths: 1, horizon: 1)
        XCTAssertEqual(backtest.origins, ["2025-02-01"])
        XCTAssertEqual(backtest.rows.map(\.tier), [0, 1, 2, 3, 4])
        XCTAssertEqual(backtest.rows.map(\.actual), history.months[2].tierCounts)
        XCTAssertEqual(backtest.rows.map(\.target), Array(repeating: "2025-03-01", count: 5))
        let forecast = try XCTUnwrap(ValueForecastModel.forecast(history, origin: 1, poolMonths: 1, horizon: 1))
        XCTAssertEqual(backtest.rows.map(\.forecast), forecast.tiers)
        XCTAssertEqual(backtest.rows.map(\.tierChainForecast), forecast.tierChain)
        // A month not yet complete is no target.
        XCTAssertTrue(ValueForecastBacktest(handHistory(lastComplete: "2025-02-01"), poolMonths: 1, horizon: 1).rows.isEmpty)
        XCTAssertEqual(ValueForecastBacktest(history, poolMonths: 1, horizon: 2).rows.count, 0)
    }

    func testPercentageErrors() {
        XCTAssertEqual(ValueForecastBacktest.absolutePercentageError(forecast: 90, actual: 120), 25)
        XCTAssertEqual(ValueForecastBacktest.absolutePercentageError(forecast: 150, actual: 120), 25)
        XCTAssertNil(ValueForecastBacktest.absolutePercentageError(forecast: 3, actual: 0))
        XCTAssertEqual(ValueForecastBacktest.meanAbsolutePercentageError([25, nil, 5, 0]), 10)
        XCTAssertNil(ValueForecastBacktest.meanAbsolutePercentageError([nil]))
        // MAPE per tier averages over the origins, not over the counts.
        var backtest = ValueForecastBacktest(handHistory(), poolMonths: 1, horizon: 5)
        backtest.rows = [
            .init(origin: "2025-01-01", target: "2026-01-01", tier: 0, forecast: 110, actual: 100, tierChainForecast: 200),
            .init(origin: "2025-02-01", target: "2026-02-01", tier: 0, forecast: 10, actual: 20, tierChainForecast: 20),
            .init(origin: "2025-02-01", target: "2026-02-01", tier: 4, forecast: 10, actual: 0, tierChainForecast: 0),
        ]
        XCTAssertEqual(try XCTUnwrap(backtest.mape(tier: 0)), 30, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(backtest.mape(tier: 0, tierChain: true)), 50, accuracy: 1e-12)
        XCTAssertEqual(backtest.maximumError(tier: 0), 50)
        XCTAssertNil(backtest.mape(tier: 4))
        XCTAssertEqual(backtest.origins, ["2025-01-01", "2025-02-01"])
    }
}

/// On the generated warehouse (23 months): the flows the forecast reads
/// against the raw order lines, the backtest's actuals against the
/// snapshot, and the report in every format.
final class ValueForecastWarehouseTests: XCTestCase {
    func history(_ generated: GeneratedWarehouse) throws -> ValueFlowHistory {
        let connection = generated.builder.connection
        let span = try XCTUnwrap(try ValueFlowHistory.span(connection))
        return try ValueFlowHistory.read(connection, from: span.first, through: span.last, lastComplete: span.lastComplete)
    }

    func testFlowsMatchTheOrderLines() throws {
        let generated = try GeneratedWarehouse.shared()
        let history = try history(generated)
        // A customer orders in the month of each order's first purchase line.
        var firstLines: [String: SalesLine] = [:]
        for line in generated.lines where line.isKnownCustomer && !line.isReturn {
            if let seen = firstLines[line.orderID], (seen.epoch, seen.lineNo) <= (line.epoch, line.lineNo) { continue }
            firstLines[line.orderID] = line
        }
        var orderMonths: [String: Set<Int>] = [:]
        for line in firstLines.values { orderMonths[line.customerID, default: []].insert(line.month) }
        // State in month m: months since the last order month ≤ m, 12 = lapsed, nil before the first.
        func state(_ months: Set<Int>, _ m: Int) -> Int? {
            guard let last = months.filter({ $0 <= m }).max() else { return nil }
            return min(m - last, 12)
        }
        let first = Day(history.months[0].month).month
        XCTAssertEqual(first, orderMonths.values.map { $0.min()! }.min(), "the snapshot starts with the first order")
        XCTAssertGreaterThanOrEqual(history.months.count, 20)
        for (offset, observed) in history.months.enumerated() {
            let m = first + offset
            XCTAssertEqual(Day(observed.month).month, m)
            var expected = ValueFlowMonth(month: observed.month)
            expected.hasFlows = offset > 0
            for months in orderMonths.values {
                guard let now = state(months, m) else { continue }
                if now < 12 { expected.recency[now] += 1 } else { expected.tierCounts[4] += 1 }
                let before = state(months, m - 1)
                if before == nil { expected.newCustomers += 1 }
                guard offset > 0, now == 0, let before else { continue }
                if before == 12 { expected.reactivated += 1 } else { expected.orderedFrom[before] += 1 }
            }
            let context = observed.month
            XCTAssertEqual(observed.recency, expected.recency, context)
            XCTAssertEqual(observed.lapsed, expected.lapsed, context)
            XCTAssertEqual(observed.newCustomers, expected.newCustomers, context)
            XCTAssertEqual(observed.hasFlows, expected.hasFlows, context)
            if offset > 0 {
                XCTAssertEqual(observed.orderedFrom, expected.orderedFrom, context)
                XCTAssertEqual(observed.reactivated, expected.reactivated, context)
                // Tier moves account for everyone who had ordered last month.
                XCTAssertEqual(observed.tierMoves.flatMap { $0 }.reduce(0, +), history.months[offset - 1].base, context)
                XCTAssertEqual(observed.newTiers.reduce(0, +), observed.newCustomers, context)
            }
        }
        // Lapsed customers exist and come back, so both rates are exercised.
        XCTAssertGreaterThan(history.months.last!.lapsed, 0)
        XCTAssertGreaterThan(history.months.map(\.reactivated).reduce(0, +), 0)
    }

    func testBacktestActualsAreTheSnapshotsCountsAndItsErrorsAreFinite() throws {
        let generated = try GeneratedWarehouse.shared()
        let history = try history(generated)
        let snapshot = try generated.builder.connection.query(
            "select month::text, tier_rank, count(*) from dw.fact_customer_month group by 1, 2")
        var tiers: [String: [Int]] = [:]
        for row in snapshot.rows {
            tiers[row[0]!, default: [0, 0, 0, 0]][Int(row[1]!)! - 1] = Int(row[2]!)!
        }
        let backtest = ValueForecastBacktest(history, poolMonths: 6, horizon: 12)
        // Origins 6 … (last complete month − 12) have 6 months of flows before them and a 12th month after them.
        let lastTarget = try XCTUnwrap(history.lastCompleteMonth.flatMap { history.index(of: $0) })
        XCTAssertEqual(backtest.origins.count, lastTarget - 12 - 6 + 1)
        XCTAssertGreaterThanOrEqual(backtest.origins.count, 3)
        XCTAssertEqual(backtest.rows.count, backtest.origins.count * 5)
        for row in backtest.rows {
            let target = try XCTUnwrap(history.index(of: row.target))
            XCTAssertEqual(history.index(of: row.origin).map { $0 + 12 }, target)
            let expected = row.tier < 4 ? tiers[row.target]![row.tier] : history.months[target].lapsed
            XCTAssertEqual(row.actual, expected, "\(row.target) \(row.tier)")
            XCTAssertTrue(row.forecast.isFinite && row.forecast >= 0)
        }
        for tier in 0..<5 {
            let mape = try XCTUnwrap(backtest.mape(tier: tier))
            XCTAssertTrue(mape.isFinite && mape >= 0, "\(tier)")
        }
    }

    func testReportInEveryFormat() throws {
        let generated = try GeneratedWarehouse.shared()
        let connection = generated.builder.connection
        try connection.execute(
            """
            insert into mart.settings (name, value, description) values ('forecast_pool_months', 6, 'test')
            on conflict (name) do update set value = excluded.value
            """)
        addTeardownBlock { try? connection.execute("delete from mart.settings where name = 'forecast_pool_months'") }
        let report = try ReportCatalog.named("value_forecast")
        let backtest = try report.run(connection, ReportParameters(backtest: true))
        XCTAssertEqual(backtest.sections.count, 2)
        XCTAssertEqual(backtest.sections[0].table.rows.count, 5 * 5)
        XCTAssertEqual(backtest.sections[1].table.values("value_tier"), ["top", "high", "medium", "low", "lapsed"])
        XCTAssertTrue(backtest.sections[1].table.values("mape").allSatisfy { $0.flatMap(Double.init)?.isFinite == true })
        for format in [ReportFormat.table, .csv, .json, .html] {
            let text = format.render(backtest)
            XCTAssertTrue(text.contains("absolute_percentage_error") || text.contains("Absolute percentage error"), "\(format)")
            XCTAssertTrue(text.contains("mape") || text.contains("MAPE"), "\(format)")
        }
        let forecast = try report.run(connection, ReportParameters())
        let mix = forecast.sections[0].table
        let last = try history(generated).months.last!
        // Today's mix is the latest snapshot month, its new customers included.
        XCTAssertEqual(mix.values("customers_now"), last.tierCounts.map { "\($0)" })
        let lastComplete = try XCTUnwrap(try history(generated).lastCompleteMonth)
        XCTAssertEqual(forecast.sections[2].table.values("pool_last_month"), [min(lastComplete, last.month)])
        XCTAssertEqual(
            forecast.sections[2].table.values("pool_first_month"),
            [ValueFlowHistory.month(min(lastComplete, last.month), plus: -5)])
        // An as-of date picks its snapshot month as the origin.
        let earlier = try report.run(connection, ReportParameters(asOf: "2025-06-15"))
        XCTAssertEqual(earlier.sections[2].table.values("origin_month"), ["2025-06-01"])
    }
}

/// `crmwh report … --backtest` as people type it.
final class ValueForecastCommandTests: XCTestCase {
    func testBacktestIsAFlagOfValueForecastOnly() throws {
        let help = try BuiltBinary.run(["report", "--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("--backtest"), help.stdout)
        let other = try BuiltBinary.run(["report", "customer_value", "--backtest"])
        XCTAssertEqual(other.status, 2)
        XCTAssertTrue(other.stderr.contains("--backtest is for value_forecast only"), other.stderr)
    }
}
