import Analytics
import Foundation
import PostgresClient
import Scoring

/// Writes the fitted targets of one run to `dw.propensity_model`, replacing
/// an earlier run of the same version. The caller owns the transaction.
struct PropensityModelWriter {
    let connection: Connection

    func replace(_ fitted: [FittedTarget], version: String, asOf: CalendarDate, etlRunID: Int64?) throws {
        try connection.query("delete from dw.propensity_model where model_version = $1", [version])
        for target in fitted {
            let model = target.model
            let features = zip(model.scaling.names, zip(model.scaling.means, model.scaling.standardDeviations))
                .map { ["name": $0.0, "mean": $0.1.0, "sd": $0.1.1] as [String: Any] }
            var coefficients: [String: Any] = ["intercept": model.fit.intercept]
            for (name, value) in zip(model.fit.names, model.fit.coefficients) { coefficients[name] = value }
            let calibration = try String(decoding: Self.encoder.encode(target.holdout.calibration), as: UTF8.self)
            let holdout = target.holdout
            try connection.query(
                """
                insert into dw.propensity_model (
                    model_version, target, as_of, horizon_days, channel, label, basis, features, coefficients, penalty,
                    training_windows, training_rows, training_positives, iterations, converged,
                    holdout_as_of, holdout_training_windows, holdout_rows, holdout_positives, holdout_auc,
                    holdout_log_loss, holdout_base_rate_log_loss, holdout_brier_score, features_holdout_log_loss,
                    calibration, etl_run_id
                ) values (
                    $1, $2, $3::date, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::float8, $11::date[], $12, $13, $14,
                    $15, $16::date, $17::date[], $18, $19, $20::float8, $21::float8, $22::float8, $23::float8,
                    $24::float8, $25::jsonb, $26::bigint
                )
                """,
                [
                    version, target.target.name, asOf.description, target.target.horizonDays, target.target.channel,
                    target.target.label, target.basis.rawValue, try Self.json(features), try Self.json(coefficients),
                    "\(model.fit.penalty)",
                    Self.dateArray(target.trainingWindows), model.fit.rows, model.fit.positives, model.fit.iterations,
                    model.fit.converged, target.holdoutAsOf.description, Self.dateArray(target.holdoutTrainingWindows),
                    holdout.rows, holdout.positives, "\(holdout.auc ?? .nan)", "\(holdout.logLoss)",
                    "\(holdout.baseRateLogLoss)", "\(holdout.brierScore)", "\(target.featuresHoldoutLogLoss)", calibration,
                    etlRunID.map { "\($0)" },
                ])
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    static func dateArray(_ dates: [CalendarDate]) -> String {
        "{" + dates.map(\.description).joined(separator: ",") + "}"
    }
}
