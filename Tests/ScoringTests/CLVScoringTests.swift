import Analytics
import Logging
import PostgresClient
import Scoring
import TestSupport
import XCTest

/// The public API the nightly run calls, on a simulated BG/NBD population.
final class CLVScoringTests: XCTestCase {
    static let start = CalendarDate("2025-01-01")!
    static let asOf = CalendarDate("2026-03-31")!
    static let holdoutEnd = CalendarDate("2026-09-30")!
    static let population = SimulatedPopulation()

    private func scoring(_ connection: Connection) throws -> CLVScoring {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return CLVScoring(connection: connection, sql: try TestCluster.repositorySQL(), logger: logger)
    }

    private func simulatedWarehouse(customers: Int) throws -> Connection {
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "clv"))
        let lines = Self.population.lines(
            customers: customers, seed: 2026, start: Self.start, asOf: Self.asOf, end: Self.holdoutEnd)
        try FactSalesFixture.insert(lines, into: connection)
        return connection
    }

    func testFitRecoversSimulatedParametersAndPredictsTheHoldout() throws {
        let connection = try simulatedWarehouse(customers: 6_000)
        let report = try scoring(connection).fit(
            CLVFitOptions(asOf: Self.asOf, unit: .week, holdoutEnd: Self.holdoutEnd))
        // Simulated: r 0.6, α 20 days, a 0.8, b 3; p 4, q 3, γ 60. The day grid (same-day
        // purchases merge) and 6,000 customers leave some sampling error.
        XCTAssertEqual(report.purchaseModel, .bgnbd)
        let p = try XCTUnwrap(report.bgnbd).parameters
        XCTAssertEqual(p.unit, .week)
        XCTAssertEqual(p.r, Self.population.r, accuracy: 0.15 * Self.population.r)
        XCTAssertEqual(p.alpha, Self.population.alphaDays / 7, accuracy: 0.2 * Self.population.alphaDays / 7)
        XCTAssertEqual(p.a, Self.population.a, accuracy: 0.3 * Self.population.a)
        XCTAssertEqual(p.b, Self.population.b, accuracy: 0.3 * Self.population.b)
        let g = report.gammaGamma.parameters
        XCTAssertEqual(g.p, Self.population.p, accuracy: 0.25 * Self.population.p)
        XCTAssertEqual(g.q, Self.population.q, accuracy: 0.25 * Self.population.q)
        XCTAssertEqual(report.customers, 6_000)
        XCTAssertGreaterThan(report.repeatBuyers, 1_000)

        let holdout = try XCTUnwrap(report.holdout)
        XCTAssertEqual(holdout.holdoutDays, 183)
        XCTAssertEqual(holdout.groups.map(\.frequency), ["0", "1", "2", "3", "4", "5", "6", "7+"])
        XCTAssertEqual(holdout.groups.reduce(0) { $0 + $1.customers }, 6_000)
        XCTAssertEqual(holdout.expectedPurchases, Double(holdout.actualPurchases), accuracy: 0.05 * Double(holdout.actualPurchases))

        // Read-only: the fit wrote nothing.
        XCTAssertEqual(try connection.query("select count(*) from dw.clv_model").scalar, "0")
    }

    func testScoreWritesOneFiniteRowPerCustomerAndReplacesOnRerun() throws {
        let connection = try simulatedWarehouse(customers: 1_500)
        let options = CLVScoreOptions(fit: CLVFitOptions(asOf: Self.asOf, unit: .week), margin: 0.3)
        let first = try scoring(connection).score(options)
        XCTAssertEqual(first.scoresWritten, 1_500)
        XCTAssertEqual(first.scoresReplaced, 0)
        XCTAssertFalse(first.fit.reusedStoredFit)

        let check = try connection.query(
            """
            select count(*), count(distinct customer_id), min(p_alive), max(p_alive),
                bool_and(p_alive::text not in ('NaN', 'Infinity', '-Infinity')
                    and expected_purchases::text not in ('NaN', 'Infinity', '-Infinity')),
                min(expected_purchases), min(clv), min(horizon_months), max(model_version)
            from dw.customer_score
            """)
        XCTAssertEqual(check.int(0, 0), 1_500)
        XCTAssertEqual(check.int(0, 1), 1_500)
        XCTAssertGreaterThanOrEqual(check.double(0, 2) ?? -1, 0)
        XCTAssertLessThanOrEqual(check.double(0, 3) ?? 2, 1)
        XCTAssertEqual(check.bool(0, 4), true)
        XCTAssertGreaterThanOrEqual(check.double(0, 5) ?? -1, 0)
        XCTAssertGreaterThanOrEqual(check.double(0, 6) ?? -1, 0)
        XCTAssertEqual(check.int(0, 7), 12)
        XCTAssertEqual(check.string(0, 8), "bgnbd-gg-2026-03-31-week")
        let stored = try XCTUnwrap(CLVModelRecord.load("bgnbd-gg-2026-03-31-week", from: connection))
        XCTAssertEqual(stored.purchases, first.fit.purchases)
        XCTAssertEqual(stored.gammaGamma, first.fit.gammaGamma)
        XCTAssertEqual(
            try connection.query("select (bgnbd_params->>'r')::float8 from dw.clv_model").double(0, 0),
            first.fit.bgnbd?.parameters.r)

        // Same arguments again: the stored fit is reused and the scores replaced.
        let second = try scoring(connection).score(options)
        XCTAssertTrue(second.fit.reusedStoredFit)
        XCTAssertEqual(second.scoresReplaced, 1_500)
        XCTAssertEqual(second.totalCLV, first.totalCLV, accuracy: 1e-6 * first.totalCLV)
        XCTAssertEqual(try connection.query("select count(*) from dw.customer_score").int(0, 0), 1_500)
        XCTAssertEqual(try connection.query("select count(*) from dw.clv_model").int(0, 0), 1)
    }

    private func assertRefused(
        _ lines: [SaleLine], _ code: AnalyticsError.Code, mentioning words: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "clv_bad"))
        try FactSalesFixture.insert(lines, into: connection)
        XCTAssertThrowsError(
            try scoring(connection).score(CLVScoreOptions(fit: CLVFitOptions(asOf: Self.asOf))), file: file, line: line
        ) { error in
            XCTAssertEqual((error as? AnalyticsError)?.code, code, "\(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains(words), "\(error)", file: file, line: line)
        }
        for table in ["dw.clv_model", "dw.customer_score"] {
            XCTAssertEqual(try connection.query("select count(*) from \(table)").scalar, "0", table, file: file, line: line)
        }
    }

    func testDegenerateInputsAreRefusedAndWriteNothing() throws {
        let day = 86_400
        let base = Self.asOf.daysSinceEpoch * day
        try assertRefused([], .emptyInput, mentioning: "no customer purchased on or before 2026-03-31")
        // Only purchases after the as-of date: nobody is a customer yet.
        try assertRefused(
            [SaleLine(customerID: "late", orderedAt: base + 2 * day, amountCents: 100)], .emptyInput,
            mentioning: "no customer purchased")
        // First purchases only: no repeat buyer.
        try assertRefused(
            (0..<50).map { SaleLine(customerID: "F\($0)", orderedAt: base - $0 * day, amountCents: 1_000) },
            .insufficientData, mentioning: "repeat")
        // One customer.
        try assertRefused(
            [0, 10, 30].map { SaleLine(customerID: "one", orderedAt: base - $0 * day, amountCents: 1_000) },
            .insufficientData, mentioning: "not identifiable")
        // Everyone with the same history.
        try assertRefused(
            (0..<40).flatMap { c in
                [0, 10, 30].map { SaleLine(customerID: "same\(c)", orderedAt: base - $0 * day + 60, amountCents: 1_000) }
            }, .insufficientData, mentioning: "not identifiable")
    }

    /// `model: .mbgnbd` fits MBG/NBD, stores it under its own version and column, and
    /// scores one-time buyers below P(alive) 1, falling with the time since their purchase.
    func testMBGNBDScoresBesideBGNBD() throws {
        let connection = try simulatedWarehouse(customers: 1_500)
        let bg = try scoring(connection).score(CLVScoreOptions(fit: CLVFitOptions(asOf: Self.asOf, unit: .week)))
        let mbg = try scoring(connection).score(
            CLVScoreOptions(fit: CLVFitOptions(asOf: Self.asOf, model: .mbgnbd, unit: .week)))
        XCTAssertEqual(mbg.fit.purchaseModel, .mbgnbd)
        XCTAssertEqual(mbg.fit.modelVersion, "mbgnbd-gg-2026-03-31-week")
        XCTAssertNil(mbg.fit.bgnbd)
        let fitted = try XCTUnwrap(mbg.fit.mbgnbd).parameters
        XCTAssertEqual(mbg.scoresWritten, 1_500)

        let models = try connection.query(
            """
            select model_version, purchase_model, bgnbd_params is not null, (mbgnbd_params->>'b')::float8
            from dw.clv_model order by model_version
            """)
        XCTAssertEqual(models.rowCount, 2)
        XCTAssertEqual(models.string(0, 1), "bgnbd")
        XCTAssertEqual(models.bool(0, 2), true)
        XCTAssertEqual(models.string(1, 0), "mbgnbd-gg-2026-03-31-week")
        XCTAssertEqual(models.string(1, 1), "mbgnbd")
        XCTAssertEqual(models.bool(1, 2), false)
        XCTAssertEqual(models.double(1, 3), fitted.b)
        let stored = try XCTUnwrap(CLVModelRecord.load("mbgnbd-gg-2026-03-31-week", from: connection))
        XCTAssertEqual(stored.purchases, mbg.fit.purchases)

        // One-time buyers: 1 under BG/NBD; under MBG/NBD 1 / (1 + a/b ((α + T)/α)^r), T from the facts.
        let oneTime = try connection.query(
            """
            with first_day as (
                select customer_id, min(ordered_at::date) as first_day, count(distinct ordered_at::date) as days
                from dw.fact_sales where ordered_at < '2026-04-01' group by customer_id
            )
            select s.model_version, s.p_alive, ('2026-03-31'::date - f.first_day) / 7.0
            from dw.customer_score as s join first_day as f using (customer_id)
            where f.days = 1
            order by s.model_version, s.customer_id
            """)
        XCTAssertGreaterThan(oneTime.rowCount, 200)
        var checked = 0
        for row in 0..<oneTime.rowCount {
            let alive = try XCTUnwrap(oneTime.double(row, 1))
            if oneTime.string(row, 0)!.hasPrefix("bgnbd") {
                XCTAssertEqual(alive, 1)
                continue
            }
            let T = try XCTUnwrap(oneTime.double(row, 2))
            let expected = 1 / (1 + fitted.a / fitted.b * pow((fitted.alpha + T) / fitted.alpha, fitted.r))
            XCTAssertEqual(alive, expected, accuracy: 1e-9)
            XCTAssertLessThan(alive, 1)
            checked += 1
        }
        XCTAssertEqual(checked, mbg.fit.oneTimeBuyers.customers)
        XCTAssertEqual(bg.fit.oneTimeBuyers.meanProbabilityAlive, 1)
        XCTAssertLessThan(mbg.fit.oneTimeBuyers.meanProbabilityAlive, 1)
        XCTAssertLessThan(mbg.meanProbabilityAlive, bg.meanProbabilityAlive)
    }

    /// `model: .paretonbd` fits Pareto/NBD, stores it in its own column and writes
    /// P(alive), expected purchases and CLV like the other models: a customer whose last
    /// purchase is on the as-of day is alive for certain, everyone else below 1.
    func testParetoNBDScoresLikeTheOtherModels() throws {
        let connection = try simulatedWarehouse(customers: 1_500)
        let report = try scoring(connection).score(
            CLVScoreOptions(fit: CLVFitOptions(asOf: Self.asOf, model: .paretonbd, unit: .week)))
        XCTAssertEqual(report.fit.purchaseModel, .paretonbd)
        XCTAssertEqual(report.fit.modelVersion, "paretonbd-gg-2026-03-31-week")
        XCTAssertNil(report.fit.bgnbd)
        XCTAssertNil(report.fit.mbgnbd)
        let fit = try XCTUnwrap(report.fit.paretonbd)
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(report.scoresWritten, 1_500)

        let model = try connection.query(
            """
            select purchase_model, bgnbd_params is null and mbgnbd_params is null,
                (paretonbd_params->>'s')::float8, (paretonbd_params->>'beta')::float8, log_likelihood
            from dw.clv_model
            """)
        XCTAssertEqual(model.rowCount, 1)
        XCTAssertEqual(model.string(0, 0), "paretonbd")
        XCTAssertEqual(model.bool(0, 1), true)
        XCTAssertEqual(model.double(0, 2), fit.parameters.s)
        XCTAssertEqual(model.double(0, 3), fit.parameters.beta)
        XCTAssertEqual(model.double(0, 4), fit.logLikelihood)
        let stored = try XCTUnwrap(CLVModelRecord.load("paretonbd-gg-2026-03-31-week", from: connection))
        XCTAssertEqual(stored.purchases, report.fit.purchases)

        // P(alive) and expected purchases recomputed from the facts: x, tₓ, T in weeks.
        let rows = try connection.query(
            """
            with days as (
                select customer_id, ordered_at::date as day
                from dw.fact_sales where ordered_at < '2026-04-01'
                group by customer_id, ordered_at::date
            ),
            history as (
                select customer_id, count(*) - 1 as x, (max(day) - min(day)) / 7.0 as recency,
                    ('2026-03-31'::date - min(day)) / 7.0 as age
                from days group by customer_id
            )
            select h.x::float8, h.recency::float8, h.age::float8, s.p_alive, s.expected_purchases, s.clv
            from history as h join dw.customer_score as s using (customer_id)
            order by h.customer_id
            """)
        XCTAssertEqual(rows.rowCount, 1_500)
        let p = fit.parameters
        let months = TimeSpan.months(12).value(in: .week)
        var certain = 0
        for row in 0..<rows.rowCount {
            let x = Int(try XCTUnwrap(rows.double(row, 0)))
            let recency = try XCTUnwrap(rows.double(row, 1))
            let T = try XCTUnwrap(rows.double(row, 2))
            let alive = try XCTUnwrap(rows.double(row, 3))
            XCTAssertEqual(alive, p.probabilityAlive(frequency: x, recency: recency, T: T), accuracy: 1e-9)
            XCTAssertEqual(
                try XCTUnwrap(rows.double(row, 4)), p.expectedPurchases(t: months, frequency: x, recency: recency, T: T),
                accuracy: 1e-6)
            if recency == T {
                XCTAssertEqual(alive, 1)
                certain += 1
            } else {
                XCTAssertLessThan(alive, 1)
            }
            XCTAssertGreaterThanOrEqual(try XCTUnwrap(rows.double(row, 5)), 0)
        }
        XCTAssertGreaterThan(certain, 0)
    }
}
