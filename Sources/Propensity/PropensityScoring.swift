import Analytics
import Foundation
import Logging
import PostgresClient
import Scoring
import Warehouse

/// Per-customer propensity against the warehouse: reads each customer's
/// history up to the as-of date, fits one logistic regression per target
/// (buy within 30 and 90 days; respond on each contact channel) and checks
/// it out of time, and writes the models to `dw.propensity_model` and every
/// customer's probabilities to `dw.customer_propensity`, in one transaction.
/// Used by `crmwh score propensity` and by the nightly run after the CLV scores.
///
/// ```swift
/// // inside WarehouseLock.holding(connection) { … }
/// let report = try PropensityScoring(connection: connection, logger: logger)
///     .score(PropensityOptions(asOf: CalendarDate("2026-11-30")!, etlRunID: runID))
/// report.targets.first?.holdout?.auc
/// ```
public struct PropensityScoring {
    let connection: Connection
    let logger: Logger
    /// The SQL directory, to install the history functions when a warehouse lacks them.
    let sql: SQLDirectory?

    public init(connection: Connection, sql: SQLDirectory? = nil, logger: Logger) {
        self.connection = connection
        self.sql = sql
        self.logger = logger
    }

    /// The targets of a run: both purchase horizons, then one per channel with campaign contacts.
    static func targets(_ history: CustomerHistory, responseDays: Int) -> [PropensityTarget] {
        [.buy(days: 30), .buy(days: 90)]
            + history.contactChannels.map { .respond(channel: history.channels[$0], days: responseDays) }
            + [.tierMove(.up, days: tierMoveDays), .tierMove(.down, days: tierMoveDays)]
    }

    /// Every date whose features the targets read: their windows and holdout
    /// cut-offs, and for the tier targets the same dates one horizon later
    /// (where the tier they move to is ranked).
    static func snapshotDates(_ targets: [PropensityTarget], plan: WindowPlan) -> [CalendarDate] {
        [plan.options.asOf]
            + targets.flatMap { target in
                let dates = plan.dates(target)
                return target.tierMove == nil ? dates : dates + dates.map { $0.adding(days: target.horizonDays) }
            }
    }

    /// Fits, checks and writes; nothing is written when reading or fitting fails.
    /// Targets with too few positives are skipped and say so in the report.
    ///
    /// - Throws: `AnalyticsError(.emptyInput)` when no customer ordered on or
    ///   before the as-of date; `WarehouseError(.configuration)` when the
    ///   history functions are missing; `PostgresError` from the database.
    public func score(_ options: PropensityOptions) throws -> PropensityReport {
        var timings = PropensityTimings()
        var report = try connection.transaction { () -> PropensityReport in
            try tuneSession()
            let history = try PropensityTimings.measure(&timings.historySeconds) {
                try CustomerHistoryReader(connection: connection, sql: sql).read(through: options.asOf)
            }
            let tiers = try TierShares(options.tierShares)
            let targets = Self.targets(history, responseDays: options.responseHorizonDays)
            let cache = PropensityTimings.measure(&timings.featureSeconds) { () -> SnapshotCache in
                let plan = WindowPlan(history: history, options: options)
                let dates = [options.asOf] + targets.flatMap { plan.dates($0) }
                return SnapshotCache(history: history, tiers: tiers, dates: dates, options: options, logger: logger)
            }
            let scored = PropensityTimings.measure(&timings.featureSeconds) { () -> FeatureSnapshot in
                cache.prepare(Self.snapshotDates(targets, plan: WindowPlan(history: history, options: options)))
                return cache.snapshot(options.asOf)
            }
            guard !scored.customers.isEmpty else {
                throw AnalyticsError(
                    .emptyInput, "no customer ordered on or before \(options.asOf): load transactions or choose a later --as-of")
            }
            logger.info(
                "read the propensity history",
                metadata: [
                    "propensity.as_of": "\(options.asOf)", "propensity.customers": "\(scored.customers.count)",
                    "propensity.features": "\(cache.layout.names.count)",
                ])

            let trainer = PropensityTrainer(cache: cache, options: options)
            // Targets side by side on the cores: each fit's sums come out the
            // same whatever thread runs it, and the outcomes keep the targets' order.
            var trained = [TargetOutcome?](repeating: nil, count: targets.count)
            let lock = NSLock()
            PropensityTimings.measure(&timings.fitSeconds) {
                DispatchQueue.concurrentPerform(iterations: targets.count) { k in
                    let outcome = trainer.train(targets[k])
                    lock.withLock { trained[k] = outcome }
                }
            }
            let outcomes = trained.map { $0! }
            for case .skipped(let target, let reason) in outcomes {
                logger.warning(
                    "propensity target skipped", metadata: ["propensity.target": "\(target)", "propensity.reason": "\(reason)"])
            }
            let fitted = outcomes.compactMap { outcome -> FittedTarget? in
                if case .fitted(let target) = outcome { return target }
                return nil
            }
            let probabilities = PropensityTimings.measure(&timings.scoreSeconds) {
                fitted.map { $0.model.probabilities(scored.matrix) }
            }

            let version = options.modelVersion
            let replaced = try PropensityTimings.measure(&timings.writeSeconds) { () -> Int in
                try PropensityModelWriter(connection: connection).replace(
                    fitted, version: version, asOf: options.asOf, etlRunID: options.etlRunID)
                var buy: [Int: [Double]] = [:]
                var respond: [(channel: String, probabilities: [Double])] = []
                var tierMove: [TierMove: [Double]] = [:]
                for (target, values) in zip(fitted, probabilities) {
                    switch target.target {
                    case .buy(let days): buy[days] = values
                    case .respond(let channel, _): respond.append((channel, values))
                    case .tierMove(let move, _): tierMove[move] = values
                    }
                }
                return try CustomerPropensityWriter(connection: connection).replace(
                    customers: scored.customers.map { history.customerIDs[$0] }, buy: buy, respond: respond,
                    tierMove: tierMove,
                    asOf: options.asOf, version: version, etlRunID: options.etlRunID
                ).deleted
            }

            var targetReports: [PropensityTargetReport] = []
            var next = 0
            for outcome in outcomes {
                switch outcome {
                case .fitted(let target):
                    let values = probabilities[next]
                    next += 1
                    targetReports.append(
                        PropensityTargetReport(target, meanProbability: values.reduce(0, +) / Double(values.count)))
                case .skipped(let target, let reason):
                    targetReports.append(PropensityTargetReport(skipped: target, reason: reason))
                }
            }
            return PropensityReport(
                asOf: options.asOf, modelVersion: version, penalty: options.penalty,
                trainingWindows: options.trainingWindows, minimumPositives: options.minimumPositives,
                aliveFeature: cache.aliveNote, customersScored: scored.customers.count, scoresReplaced: replaced,
                targets: targetReports)
        }
        report.timings = timings
        return report
    }

    /// Features of every customer with an order on or before the as-of date
    /// (read-only): what the models see at that date, columns as a run of
    /// `options` names them.
    public func features(_ options: PropensityOptions) throws -> (customers: [String], matrix: FeatureMatrix) {
        try connection.transaction {
            try tuneSession()
            let history = try CustomerHistoryReader(connection: connection, sql: sql).read(through: options.asOf)
            let cache = SnapshotCache(
                history: history, tiers: try TierShares(options.tierShares), dates: [options.asOf], options: options,
                logger: logger)
            let snapshot = cache.snapshot(options.asOf)
            return (snapshot.customers.map { history.customerIDs[$0] }, snapshot.matrix)
        }
    }

    private func tuneSession() throws {
        try HistorySession.tune(connection)
    }
}
