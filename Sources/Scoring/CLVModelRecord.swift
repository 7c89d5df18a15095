import Analytics
import Foundation
import PostgresClient

/// One row of `dw.clv_model`: the purchase model's fit (BG/NBD, MBG/NBD or Pareto/NBD,
/// named in `purchase_model`) and the Gamma-Gamma fit of one as-of date and time unit.
///
/// The jsonb columns hold the parameters at the top level (`bgnbd_params->>'r'`,
/// `mbgnbd_params->>'b'`, `paretonbd_params->>'beta'`, `gamma_gamma_params->>'q'`) beside the fit's diagnostics,
/// in snake case, so analysts can read them without knowing the Swift types. Only
/// the column of the row's purchase model is filled.
public struct CLVModelRecord: Sendable {
    public var modelVersion: String
    public var asOf: CalendarDate
    public var purchases: CLVPurchaseFit
    public var gammaGamma: GammaGammaFit

    public init(modelVersion: String, asOf: CalendarDate, purchases: CLVPurchaseFit, gammaGamma: GammaGammaFit) {
        self.modelVersion = modelVersion
        self.asOf = asOf
        self.purchases = purchases
        self.gammaGamma = gammaGamma
    }

    /// The identifier of a fit, e.g. `bgnbd-gg-2026-10-31-week` or
    /// `mbgnbd-gg-2026-10-31-week`; a penalised fit says so (`…-week-pen0.001`),
    /// since it is a different model of the same data.
    public static func version(
        model: PurchaseModelKind = .bgnbd, asOf: CalendarDate, unit: TimeUnit, penalizer: Double
    ) -> String {
        "\(model.rawValue)-gg-\(asOf)-\(unit.rawValue)" + (penalizer > 0 ? "-pen\(penalizer)" : "")
    }

    /// The stored fit of `version`, or nil.
    public static func load(_ version: String, from connection: Connection) throws -> CLVModelRecord? {
        let result = try connection.query(
            """
            select as_of::text, purchase_model, coalesce(bgnbd_params, mbgnbd_params, paretonbd_params)::text,
                gamma_gamma_params::text
            from dw.clv_model
            where model_version = $1
            """,
            [version])
        guard result.rowCount == 1, let asOfText = result.string(0, 0), let asOf = CalendarDate(asOfText),
            let model = result.string(0, 1).flatMap(PurchaseModelKind.init(rawValue:)),
            let purchasesJSON = result.string(0, 2), let gammaGammaJSON = result.string(0, 3)
        else { return nil }
        let purchases: CLVPurchaseFit
        switch model {
        case .bgnbd: purchases = .bgnbd(try decode(BGNBDFit.self, from: purchasesJSON))
        case .mbgnbd: purchases = .mbgnbd(try decode(MBGNBDFit.self, from: purchasesJSON))
        case .paretonbd: purchases = .paretonbd(try decode(ParetoNBDFit.self, from: purchasesJSON))
        }
        return CLVModelRecord(
            modelVersion: version, asOf: asOf, purchases: purchases,
            gammaGamma: try decode(GammaGammaFit.self, from: gammaGammaJSON))
    }

    /// Inserts the record, or replaces the earlier fit of the same version.
    public func save(to connection: Connection, etlRunID: Int64?) throws {
        let purchasesJSON: String
        switch purchases {
        case .bgnbd(let fit): purchasesJSON = try Self.encode(fit)
        case .mbgnbd(let fit): purchasesJSON = try Self.encode(fit)
        case .paretonbd(let fit): purchasesJSON = try Self.encode(fit)
        }
        let kind = purchases.kind
        try connection.query(
            """
            insert into dw.clv_model (
                model_version, as_of, time_unit, purchase_model, bgnbd_params, mbgnbd_params, paretonbd_params,
                gamma_gamma_params, log_likelihood, converged, customers, fitted_at, etl_run_id
            )
            values ($1, $2::date, $3, $4, $5::jsonb, $6::jsonb, $12::jsonb, $7::jsonb, $8, $9, $10, now(), $11)
            on conflict (model_version) do update set
                as_of = excluded.as_of,
                time_unit = excluded.time_unit,
                purchase_model = excluded.purchase_model,
                bgnbd_params = excluded.bgnbd_params,
                mbgnbd_params = excluded.mbgnbd_params,
                paretonbd_params = excluded.paretonbd_params,
                gamma_gamma_params = excluded.gamma_gamma_params,
                log_likelihood = excluded.log_likelihood,
                converged = excluded.converged,
                customers = excluded.customers,
                fitted_at = excluded.fitted_at,
                etl_run_id = excluded.etl_run_id
            """,
            [
                modelVersion, asOf.description, purchases.parameters.unit.rawValue, purchases.kind.rawValue,
                kind == .bgnbd ? purchasesJSON : nil, kind == .mbgnbd ? purchasesJSON : nil, try Self.encode(gammaGamma),
                purchases.logLikelihood, purchases.converged && gammaGamma.converged, purchases.customers, etlRunID,
                kind == .paretonbd ? purchasesJSON : nil,
            ])
    }

    // A gradient norm can be infinite on a failed fit; jsonb has no such number.
    private static let infinity = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// The fit as JSON with its `parameters` lifted to the top level.
    static func encode<T: Encodable>(_ fit: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = infinity
        var object = try JSONSerialization.jsonObject(with: encoder.encode(fit)) as? [String: Any] ?? [:]
        if let parameters = object.removeValue(forKey: "parameters") as? [String: Any] {
            object.merge(parameters) { fitValue, _ in fitValue }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from json: String) throws -> T {
        var object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        let parameterKeys = ["r", "alpha", "a", "b", "s", "beta", "unit", "p", "q", "v"]
        var parameters: [String: Any] = [:]
        for key in parameterKeys { parameters[key] = object.removeValue(forKey: key) }
        object["parameters"] = parameters
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(type, from: JSONSerialization.data(withJSONObject: object))
    }
}
