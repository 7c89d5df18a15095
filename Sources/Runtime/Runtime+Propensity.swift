import Analytics
import PostgresClient
import Propensity
import Scoring

extension Runtime {
    /// The propensity options the configuration gives (`analysis.propensity`,
    /// and `analysis.clv` for the P(alive) feature) at `asOf`; `overrides`
    /// are a command's own flags.
    public func propensityOptions(asOf: CalendarDate, overrides: PropensityOverrides = PropensityOverrides()) -> PropensityOptions {
        let settings = config.analysis.propensity
        let tiers = config.analysis.martSettings
        return PropensityOptions(
            asOf: asOf, penalty: overrides.penalty ?? settings.penalty,
            trainingWindows: overrides.trainingWindows ?? settings.trainingWindows,
            maxTrainingRows: settings.maxTrainingRows,
            minimumPositives: overrides.minPositives ?? settings.minPositives,
            responseHorizonDays: settings.responseHorizonDays, aliveModel: config.analysis.clv.model,
            aliveUnit: config.analysis.clv.unit,
            tierShares: [tiers.tierTopShare, tiers.tierHighShare, tiers.tierMediumShare])
    }

    /// Fits and writes every customer's propensity as the configuration says;
    /// nil (writing nothing) while there are no sales. The caller holds the lock.
    public func scorePropensity(
        _ connection: Connection, asOf: CalendarDate? = nil, overrides: PropensityOverrides = PropensityOverrides(),
        etlRunID: Int64? = nil
    ) throws -> PropensityReport? {
        guard let day = try asOf ?? asOfDate(connection) else { return nil }
        var options = propensityOptions(asOf: day, overrides: overrides)
        options.etlRunID = etlRunID
        return try PropensityScoring(connection: connection, sql: try sqlDirectory(), logger: logger).score(options)
    }
}

/// A command's own propensity flags, each replacing its configured value when given.
public struct PropensityOverrides: Sendable {
    public var penalty: Double?
    public var trainingWindows: Int?
    public var minPositives: Int?

    public init(penalty: Double? = nil, trainingWindows: Int? = nil, minPositives: Int? = nil) {
        self.penalty = penalty
        self.trainingWindows = trainingWindows
        self.minPositives = minPositives
    }
}
