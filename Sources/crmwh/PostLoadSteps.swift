import Logging
import Warehouse

/// The steps `crmwh run` takes after loading, in order.
enum PostLoadSteps {
    static func make(config: CRMWHConfig, logger: Logger) -> [NightlyRun.PostStep] {
        []
    }
}
