import ArgumentParser
import Foundation
import Reports
import Runtime
import Scoring
import Simulation

extension Simulate {
    struct Campaign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a campaign plan, or backtest the simulation on past campaigns.",
            discussion: """
                A plan targets RFM segments (--segments), value tiers (--tiers) or the customers whose \
                response propensity on the channel is at least --propensity-threshold (from crmwh score \
                propensity), and names the --channel, the campaign --type (dw.dim_campaign.campaign_type, \
                from the campaigns feed; unspecified for campaigns without one), the --cost-per-contact \
                and optionally the --customers to contact (default: all of the targets; drawn in \
                proportion to the targets' sizes, or the most likely first) and the --window-days of \
                the response window (default: analysis.response_window_days). --plan NAME runs a plan \
                of the configuration's simulations: section instead (the nightly run simulates those \
                and stores them in mart.campaign_simulation).

                The model learns from the campaigns whose response window ended by --as-of (default: \
                the latest refreshed data), with segments and tiers as of the day before each start: \
                response rate and incremental orders and revenue per contacted customer \
                (treatment − control, campaigns with a control group only) per segment × channel × \
                type, thin cells shrunk toward channel × type, channel and all campaigns by empirical \
                Bayes. Intervals are 95 %. --backtest predicts every past campaign from those before \
                it and reports the mean absolute errors. Output as reports: --format table, csv, json \
                or html, --out PATH. See docs/marts.md, "Campaign simulation".
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Run the plan of this name from the configuration's simulations: section.", valueName: "name"))
        var plan: String?

        @Option(help: ArgumentHelp("RFM segments to target, comma-separated (e.g. \"at risk,can't lose\"; no purchase: customers without an order).", valueName: "list"))
        var segments: String?

        @Option(help: ArgumentHelp("Value tiers to target, comma-separated (top, high, medium, low, lapsed, no purchase).", valueName: "list"))
        var tiers: String?

        @Option(help: ArgumentHelp("Target the customers whose response propensity on the channel is at least this (0 … 1).", valueName: "p"))
        var propensityThreshold: String?

        @Option(help: ArgumentHelp("Channel the plan contacts on, as the campaigns feed names it (e.g. email).", valueName: "name"))
        var channel: String?

        @Option(help: ArgumentHelp("Campaign type, as the campaigns feed's campaign_type names it (e.g. discount).", valueName: "name"))
        var type: String?

        @Option(help: ArgumentHelp("Customers to contact (default: every customer of the targets).", valueName: "n"))
        var customers: String?

        @Option(help: ArgumentHelp("Cost of one contact in the base currency, e.g. 0.25.", valueName: "amount"))
        var costPerContact: String?

        @Option(help: ArgumentHelp("Response window in days (default: analysis.response_window_days).", valueName: "days"))
        var windowDays: String?

        @Option(help: ArgumentHelp("Learn from the data up to this day (default: the latest refreshed data).", valueName: "yyyy-mm-dd"))
        var asOf: String?

        @Flag(help: "Predict every past campaign from the campaigns before it and report the errors, instead of a plan.")
        var backtest = false

        @Option(help: ArgumentHelp("--backtest: cells by segment or value_tier.", valueName: "segment|value_tier"))
        var by: String = "segment"

        @Option(help: "Output format: table, csv, json or html.")
        var format: String = "table"

        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
        var out: String?

        /// The plan's own flags, as a draft.
        var draft: CampaignPlanDraft {
            func list(_ text: String?) -> [String]? {
                text.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            }
            return CampaignPlanDraft(
                segments: list(segments), tiers: list(tiers), propensityThreshold: propensityThreshold, channel: channel,
                campaignType: type, customers: customers, costPerContact: costPerContact, windowDays: windowDays)
        }

        var planFlagsGiven: [String] {
            [(segments, "--segments"), (tiers, "--tiers"), (propensityThreshold, "--propensity-threshold"),
             (channel, "--channel"), (type, "--type"), (customers, "--customers"),
             (costPerContact, "--cost-per-contact")].compactMap { $0.0 == nil ? nil : $0.1 }
        }

        func validate() throws {
            guard ReportFormat(rawValue: format) != nil else {
                throw ValidationError("--format must be table, csv, json or html, not '\(format)'")
            }
            if let asOf, CalendarDate(asOf) == nil {
                throw ValidationError("--as-of must be a date as yyyy-mm-dd, not '\(asOf)'")
            }
            if backtest {
                guard plan == nil, planFlagsGiven.isEmpty else {
                    throw ValidationError("--backtest predicts past campaigns; it takes no plan (\(([plan == nil ? nil : "--plan"].compactMap { $0 } + planFlagsGiven).joined(separator: ", ")))")
                }
                guard ["segment", "value_tier"].contains(by) else {
                    throw ValidationError("--by must be segment or value_tier, not '\(by)'")
                }
                if let windowDays, Int(windowDays).map({ (1...365).contains($0) }) != true {
                    throw ValidationError("--window-days: '\(windowDays)' is not a whole number of days from 1 to 365")
                }
                return
            }
            if plan != nil {
                guard planFlagsGiven.isEmpty, windowDays == nil else {
                    throw ValidationError("--plan runs the configured plan as it is; give either --plan or the plan's flags, not both")
                }
                return
            }
            do {
                _ = try draft.validated()
            } catch let error as CampaignPlanError {
                throw ValidationError(error.description)
            }
        }

        func run() throws {
            let runtime = try global.runtime()
            let connection = try runtime.connect()
            // Short queries: JIT compilation would cost more than it saves.
            try connection.execute("set jit = off")
            let simulator = CampaignSimulator(connection: connection)
            let document: ReportDocument
            if backtest {
                document = try simulator.backtest(profile: by, windowDays: windowDays.flatMap { Int($0) }, asOf: asOf).document
            } else {
                let chosen = try plan.map { try runtime.simulationPlan(named: $0) } ?? draft.validated()
                document = try simulator.simulate(chosen, asOf: asOf).document
            }
            let text = ReportFormat(rawValue: format)!.render(document)
            if let out {
                try AtomicFile.write(text, to: out, mode: runtime.config.warehouse.fileModeBits)
                runtime.logger.info("wrote simulation", metadata: ["report.name": "\(document.name)", "report.path": "\(out)"])
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
