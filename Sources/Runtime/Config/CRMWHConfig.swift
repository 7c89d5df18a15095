import Feeds
import Foundation
import Simulation
import Warehouse

/// The nightly run's configuration: the warehouse settings, the directories
/// files move through, the feeds, the analysis and the exports. Read from
/// `config/crmwh.yaml` (documented there), then overridden by `CRMWH_*`
/// environment variables, then by command-line flags (docs/operations.md).
public struct CRMWHConfig: Equatable {
    /// The file the values came from; nil for the built-in defaults.
    public var file: String?
    /// `database:` as written in the file (or `CRMWH_DATABASE`); nil: not configured.
    public var database: String?
    /// `home:` (or `CRMWH_HOME`): the embedded cluster's directory; nil: `.crmwh` in the working directory.
    public var home: URL?
    public var warehouse = WarehouseSection()
    public var directories: DirectoriesSection
    public var feeds: [FeedDefinition]
    public var analysis = AnalysisSection()
    public var exports: [ExportSection]
    /// `simulations:` — campaign plans the nightly run simulates and stores.
    public var simulations: [CampaignPlan] = []
    /// The environment variables that replaced file values, for `config check`.
    public var overrides: [String] = []

    /// Where `load(path: nil)` looks, relative to the working directory.
    public static let defaultPath = "config/crmwh.yaml"

    /// The six canonical feeds, each picking up `<kind>*.csv*` from the
    /// inbox and refusing a file that rejects more than 10 % of its records
    /// (a file that broken is more likely a wrong export than bad data).
    public static var canonicalFeeds: [FeedDefinition] {
        FeedKind.allCases.map { kind in
            var feed = FeedDefinition.canonical(kind)
            feed.inbox = "\(kind.rawValue)*.csv*"
            feed.maxRejectRatio = 0.10
            return feed
        }
    }

    /// What applies with no config file: directories below `base`, the
    /// canonical feeds, a monthly KPI export.
    public static func defaults(base: URL) -> CRMWHConfig {
        CRMWHConfig(file: nil, database: nil, home: nil, directories: DirectoriesSection(base: base), feeds: canonicalFeeds,
                    exports: [.defaultKPI])
    }

    /// The settings the loader needs, from `warehouse:`. Rejects files are
    /// left beside their input (the run moves them with it to archive/ or error/).
    public func loadSettings() -> LoadSettings {
        var settings = LoadSettings(
            baseCurrency: warehouse.baseCurrency, staticRates: warehouse.exactStaticRates,
            reportingTimeZone: warehouse.reportingTimeZone, defaultSourceSystem: warehouse.defaultSourceSystem,
            warningRejectRatio: warehouse.warningRejectRatio, maxFutureDays: warehouse.maxFutureDays)
        settings.fileMode = warehouse.fileModeBits
        settings.directCopy = warehouse.engine == .postgresql
        return settings
    }

    /// Tries in all for `Retry.transient(attempts:)`: the first plus `warehouse.retries`.
    public var retryAttempts: Int { warehouse.retries + 1 }

    /// Feeds in the order a run must load them: rates and dimensions before
    /// the facts that look them up (a transaction needs its product, campaign
    /// and customer to exist, or gets inferred members). Ties keep config order.
    public var feedsInDependencyOrder: [FeedDefinition] {
        feeds.enumerated().sorted { a, b in
            let (rankA, rankB) = (Self.loadRank(a.element.kind), Self.loadRank(b.element.kind))
            return rankA != rankB ? rankA < rankB : a.offset < b.offset
        }.map(\.element)
    }

    public static func loadRank(_ kind: FeedKind) -> Int {
        switch kind {
        case .fxRates: return 0
        case .products: return 1
        case .campaigns: return 2
        case .contacts: return 3
        case .transactions, .interactions: return 4
        }
    }
}
