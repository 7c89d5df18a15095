import Analytics
import Generator
import Logging
import PostgresClient
import Propensity
import Scoring
import TestSupport
import Warehouse
import XCTest

/// `crmwh score propensity`'s library on generated feeds: what it stores,
/// how well the purchase models rank customers out of time, and what it
/// does with a target that has too few positives.
final class PropensityScoringTests: XCTestCase {
    nonisolated(unsafe) static var shared: GeneratedPropensityWarehouse?
    static let lock = NSLock()

    static func warehouse() throws -> GeneratedPropensityWarehouse {
        try lock.withLock {
            if let shared { return shared }
            let made = try GeneratedPropensityWarehouse(prefix: "propensity")
            shared = made
            return made
        }
    }

    static var asOf: CalendarDate { CalendarDate(daysSinceEpoch: GeneratedPropensityWarehouse.endDay) }

    static func scoring(_ connection: Connection) -> PropensityScoring {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return PropensityScoring(connection: connection, logger: logger)
    }

    func testEveryCustomerWithAnOrderGetsProbabilitiesAndTheModelsTheirMeasuredAccuracy() throws {
        let connection = try Self.warehouse().connection
        let options = PropensityOptions(asOf: Self.asOf)
        let report = try Self.scoring(connection).score(options)

        // One row per customer with a purchase line on or before the as-of date (counted apart).
        let expected = try connection.query(
            """
            select count(distinct customer_id)::text from dw.fact_sales
            where not is_return and customer_id <> 'unknown' and date_key <= $1
            """, [Int(Self.asOf.description.replacingOccurrences(of: "-", with: ""))!]
        ).scalar
        XCTAssertEqual("\(report.customersScored)", expected)
        let rows = try connection.query(
            """
            select count(*)::text, count(p_buy_30d)::text, count(p_buy_90d)::text,
                avg(p_buy_30d)::text, avg(p_buy_90d)::text,
                bool_and(p_buy_30d > 0 and p_buy_30d < 1 and p_buy_90d > 0 and p_buy_90d < 1)::text
            from dw.customer_propensity where as_of = $1::date and model_version = $2
            """, [Self.asOf.description, options.modelVersion])
        XCTAssertEqual(rows.string(0, 0), expected)
        XCTAssertEqual(rows.string(0, 1), expected, "every customer has p_buy_30d")
        XCTAssertEqual(rows.string(0, 2), expected)
        XCTAssertEqual(rows.string(0, 5), "true", "probabilities strictly between 0 and 1")
        // More buy within 90 days than within 30.
        XCTAssertGreaterThan(Double(rows.string(0, 4)!)!, Double(rows.string(0, 3)!)!)

        // The purchase models rank out of time far better than chance: the
        // holdout AUC beats 0.5 by at least 0.15, and the log loss beats the
        // base rate's.
        for name in ["buy_30d", "buy_90d"] {
            let target = try XCTUnwrap(report.targets.first { $0.target == name }, name)
            XCTAssertTrue(target.fitted, "\(name): \(target.skippedBecause ?? "")")
            let holdout = try XCTUnwrap(target.holdout, name)
            XCTAssertGreaterThan(try XCTUnwrap(holdout.auc), 0.65, name)
            XCTAssertLessThan(holdout.logLoss, holdout.baseRateLogLoss, name)
            XCTAssertTrue(target.converged, name)
        }

        // What dw.propensity_model holds for each fitted target.
        let models = try connection.query(
            """
            select target, jsonb_array_length(features)::text,
                (select count(*) from jsonb_object_keys(coefficients))::text,
                holdout_rows::text,
                (select sum((g ->> 'rows')::integer) from jsonb_array_elements(calibration) as g)::text,
                jsonb_array_length(calibration)::text, holdout_auc::text, holdout_as_of::text,
                cardinality(training_windows)::text, (select max(w) from unnest(training_windows) as w)::text,
                basis, (features_holdout_log_loss - holdout_log_loss)::text
            from dw.propensity_model where model_version = $1 order by target
            """, [options.modelVersion])
        let fitted = report.targets.filter(\.fitted)
        XCTAssertEqual(models.rowCount, fitted.count)
        XCTAssertGreaterThanOrEqual(models.rowCount, 2)
        for row in 0..<models.rowCount {
            let name = models.string(row, 0)!
            let target = try XCTUnwrap(fitted.first { $0.target == name })
            XCTAssertEqual(Int(models.string(row, 2)!), Int(models.string(row, 1)!)! + 1, "\(name): intercept and one per feature")
            XCTAssertEqual(models.string(row, 3), models.string(row, 4), "\(name): the deciles hold every holdout row")
            XCTAssertLessThanOrEqual(Int(models.string(row, 5)!)!, 10)
            XCTAssertEqual(Double(models.string(row, 6)!)!, target.holdout!.auc!, accuracy: 1e-12)
            // The holdout's features are one horizon before the as-of date; training windows end by it.
            XCTAssertEqual(models.string(row, 7), Self.asOf.adding(-target.horizonDays).description, name)
            XCTAssertLessThanOrEqual(models.string(row, 9)!, Self.asOf.adding(-target.horizonDays).description, name)
            // A model with features is stored only where it beat the base rate on the holdout.
            let excess = Double(models.string(row, 11)!)!
            switch models.string(row, 10) {
            case "features": XCTAssertEqual(excess, 0, name)
            case "base rate":
                XCTAssertGreaterThanOrEqual(excess, 0, name)
                XCTAssertEqual(models.string(row, 1), "0", "\(name): no features")
                XCTAssertEqual(target.holdout?.auc, 0.5, "\(name): every customer the same probability")
            default: XCTFail("\(name): basis \(models.string(row, 10) ?? "null")")
            }
        }
        XCTAssertEqual(
            try connection.query(
                "select basis from dw.propensity_model where model_version = $1 and target like 'buy%' group by basis",
                [options.modelVersion]
            ).rows, [["features"]], "the purchase models use their features")
        // Respond targets are per channel with campaign contacts; each one is fitted or says why not.
        for target in report.targets where target.target.hasPrefix("respond_") {
            XCTAssertNotNil(target.channel)
            if !target.fitted { XCTAssertNotNil(target.skippedBecause) }
        }

        // A second run replaces, never duplicates.
        let again = try Self.scoring(connection).score(options)
        XCTAssertEqual(again.scoresReplaced, report.customersScored)
        XCTAssertEqual(
            try connection.query(
                "select count(*)::text from dw.customer_propensity where model_version = $1", [options.modelVersion]
            ).scalar, expected)
    }

    func testTargetsWithTooFewPositivesAreSkippedAndNothingIsStoredForThem() throws {
        let connection = try Self.warehouse().connection
        let options = PropensityOptions(asOf: Self.asOf, trainingWindows: 1, minimumPositives: 1_000_000)
        let report = try Self.scoring(connection).score(options)
        XCTAssertFalse(report.targets.isEmpty)
        for target in report.targets {
            XCTAssertFalse(target.fitted, target.target)
            // A channel nobody was contacted on in a window says that instead.
            let reason = target.skippedBecause ?? ""
            XCTAssertTrue(
                reason.contains("too few positives") || reason.contains("no customer was contacted"), reason)
        }
        XCTAssertEqual(
            try connection.query("select count(*)::text from dw.propensity_model where model_version = $1", [options.modelVersion])
                .scalar, "0")
        // The customers are still listed, without probabilities.
        let rows = try connection.query(
            """
            select count(*)::text, count(p_buy_30d)::text, count(p_buy_90d)::text, count(p_respond)::text
            from dw.customer_propensity where model_version = $1
            """, [options.modelVersion])
        XCTAssertEqual(rows.string(0, 0), "\(report.customersScored)")
        XCTAssertEqual([rows.string(0, 1), rows.string(0, 2), rows.string(0, 3)], ["0", "0", "0"])
    }

    func testTheAliveProbabilityFeatureIsTheCLVScoresPAlive() throws {
        // The P(alive) feature at the as-of date comes from the same purchase
        // model fitted to the same summary as `crmwh clv score`.
        let connection = try Self.warehouse().connection
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let clv = try CLVScoring(connection: connection, sql: try TestCluster.repositorySQL(), logger: logger)
            .score(CLVScoreOptions(fit: CLVFitOptions(asOf: Self.asOf, model: .mbgnbd, unit: .week)))
        let stored = try connection.query(
            "select customer_id, p_alive from dw.customer_score where model_version = $1", [clv.fit.modelVersion])
        var pAlive: [String: Double] = [:]
        for row in 0..<stored.rowCount { pAlive[stored.string(row, 0)!] = stored.double(row, 1)! }

        let features = try Self.scoring(connection).features(
            PropensityOptions(asOf: Self.asOf, aliveModel: .mbgnbd, aliveUnit: .week))
        let column = try XCTUnwrap(features.matrix.names.firstIndex(of: "p_alive"))
        XCTAssertEqual(features.customers.count, pAlive.count)
        var largest = 0.0
        for (row, customer) in features.customers.enumerated() {
            let expected = try XCTUnwrap(pAlive[customer], customer)
            largest = max(largest, abs(features.matrix[row, column] - expected))
        }
        XCTAssertLessThan(largest, 1e-9, "largest P(alive) difference")
    }
}

extension CalendarDate {
    func adding(_ days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }
}

/// The first nightly run scores before its refresh installs the marts: the
/// history functions are installed when missing, or the error says what to do.
final class PropensityFunctionInstallTests: XCTestCase {
    func testMissingHistoryFunctionsAreInstalledWhenTheSQLIsAtHand() throws {
        let connection = try PropensityScoringTests.warehouse().connection
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let options = PropensityOptions(asOf: PropensityScoringTests.asOf)
        try connection.execute(
            "drop function mart.propensity_sales_days(date); drop function mart.propensity_contact_days(date)")
        XCTAssertThrowsError(try PropensityScoring(connection: connection, logger: logger).features(options)) { error in
            XCTAssertEqual((error as? WarehouseError)?.code, .configuration, "\(error)")
            XCTAssertTrue("\(error)".contains("crmwh migrate"), "\(error)")
        }
        let features = try PropensityScoring(connection: connection, sql: try TestCluster.repositorySQL(), logger: logger)
            .features(options)
        XCTAssertGreaterThan(features.customers.count, 1_000)
        XCTAssertEqual(
            try connection.query("select to_regprocedure('mart.propensity_sales_days(date)') is not null").bool(0, 0), true)
    }
}
