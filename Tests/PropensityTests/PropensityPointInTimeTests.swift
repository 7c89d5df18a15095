import Analytics
import Logging
import PostgresClient
import Propensity
import Scoring
import XCTest

/// Features, labels and scores at an as-of date use nothing dated after it.
final class PropensityPointInTimeTests: XCTestCase {
    func testDataAddedAfterTheAsOfDateChangesNeitherFeaturesNorModelsNorScores() throws {
        let connection = try GeneratedPropensityWarehouse(prefix: "propensity_pit").connection
        let asOf = PropensityScoringTests.asOf.adding(-120)
        let key = Int(asOf.description.replacingOccurrences(of: "-", with: ""))!
        // The warehouse as it was at the end of the as-of date: what came after is held back.
        try connection.query("create table public.later_sales as select * from dw.fact_sales where date_key > $1", [key])
        try connection.query(
            "create table public.later_interactions as select * from dw.fact_interaction where date_key > $1", [key])
        try connection.query("delete from dw.fact_sales where date_key > $1", [key])
        try connection.query("delete from dw.fact_interaction where date_key > $1", [key])
        let heldBack = try connection.query(
            "select (select count(*) from public.later_sales)::text, (select count(*) from public.later_interactions)::text")
        XCTAssertGreaterThan(Int(heldBack.string(0, 0)!)!, 5_000, "order lines after the as-of date")
        XCTAssertGreaterThan(Int(heldBack.string(0, 1)!)!, 1_000, "interactions after the as-of date")

        let options = PropensityOptions(asOf: asOf)
        let scoring = PropensityScoringTests.scoring(connection)
        let before = try State(scoring, connection, options)
        XCTAssertGreaterThan(before.report.targets.filter(\.fitted).count, 1)

        // The later data arrive.
        try connection.execute(
            """
            insert into dw.fact_sales select * from public.later_sales;
            insert into dw.fact_interaction select * from public.later_interactions;
            analyze dw.fact_sales;
            analyze dw.fact_interaction;
            """)
        let after = try State(scoring, connection, options)

        XCTAssertEqual(after.features.customers, before.features.customers)
        XCTAssertEqual(after.features.matrix, before.features.matrix, "features at the as-of date, bit for bit")
        XCTAssertEqual(after.models, before.models, "coefficients, standardisation and holdout measures")
        XCTAssertEqual(after.scores, before.scores, "every customer's probabilities")
        XCTAssertEqual(after.report.customersScored, before.report.customersScored)

        // The comparison can fail: at a later date the same customers look different.
        let later = try scoring.features(PropensityOptions(asOf: asOf.adding(60)))
        XCTAssertNotEqual(later.matrix, before.features.matrix)
    }

    /// What one run at an as-of date leaves behind.
    struct State {
        var report: PropensityReport
        var features: (customers: [String], matrix: FeatureMatrix)
        var models: [[String?]]
        var scores: [[String?]]

        init(_ scoring: PropensityScoring, _ connection: Connection, _ options: PropensityOptions) throws {
            report = try scoring.score(options)
            features = try scoring.features(options)
            models = try connection.query(
                """
                select target, features::text, coefficients::text, penalty::text, training_windows::text,
                    training_rows::text, training_positives::text, holdout_as_of::text, holdout_rows::text,
                    holdout_positives::text, holdout_auc::text, holdout_log_loss::text, holdout_brier_score::text,
                    calibration::text
                from dw.propensity_model where model_version = $1 order by target
                """, [options.modelVersion]
            ).rows
            scores = try connection.query(
                """
                select customer_id, p_buy_30d::text, p_buy_90d::text, p_respond::text
                from dw.customer_propensity where model_version = $1 and as_of = $2::date order by customer_id
                """, [options.modelVersion, options.asOf.description]
            ).rows
        }
    }
}
