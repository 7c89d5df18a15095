import Analytics
import ArgumentParser
import PostgresClient
import Runtime
import Scoring
import Warehouse

struct Clv: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predictive customer lifetime value (BG/NBD, MBG/NBD or Pareto/NBD + Gamma-Gamma).",
        discussion: """
            Both commands summarise dw.fact_sales per customer up to --as-of (inclusive): a \
            purchase is a day (in --time-zone) with an order, same-day orders merged, and its \
            value is net of returns, as the marts' revenue. They fit the purchase model \
            (--model) and Gamma-Gamma in --unit. Options not given come from the configuration: \
            analysis.as_of (latest: the last day with sales), analysis.clv (model, unit, horizon, \
            discount rate, margin) and warehouse.reporting_time_zone, as the nightly run uses \
            them. `fit` only reports; `score` writes dw.clv_model and dw.customer_score under \
            the warehouse lock. See docs/clv.md.
            """,
        subcommands: [Fit.self, Score.self]
    )
}

/// The options that decide which summary and which fit: shared by `fit` and `score`.
struct ClvModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Calibration end date, inclusive (default: analysis.as_of).", valueName: "yyyy-mm-dd"))
    var asOf: String?

    @Option(
        help: ArgumentHelp(
            "Purchase model: bgnbd (BG/NBD; a one-time buyer has P(alive) 1), mbgnbd (MBG/NBD; one-time buyers may have dropped out) or pareto-nbd (Pareto/NBD; dropout at any time) (default: analysis.clv.model).",
            valueName: "bgnbd|mbgnbd|pareto-nbd"))
    var model: PurchaseModelKind?

    @Option(help: "Time unit of recency, T and the purchase model's parameters: day, week or month (default: analysis.clv.unit).")
    var unit: TimeUnit?

    @Option(help: ArgumentHelp("Zone whose calendar days are purchase days (default: warehouse.reporting_time_zone).", valueName: "name"))
    var timeZone: String?

    @Option(help: "L2 penalty of both fits (lifetimes' penalizer_coef); 0, the default, is plain maximum likelihood.")
    var penalizer: Double?

    func validate() throws {
        if let asOf, CalendarDate(asOf) == nil { throw ValidationError("--as-of must be a date as yyyy-mm-dd") }
        if let penalizer, !(penalizer >= 0 && penalizer.isFinite) { throw ValidationError("--penalizer must be 0 or more") }
        if let timeZone, timeZone.isEmpty { throw ValidationError("--time-zone must name a time zone") }
    }

    /// The calibration end: --as-of, else the configured or latest day; exits 1 without sales.
    func asOfDate(_ runtime: Runtime, _ connection: Connection) throws -> CalendarDate {
        if let asOf { return CalendarDate(asOf)! }
        guard let day = try runtime.asOfDate(connection) else {
            throw WarehouseError(.load, "dw.fact_sales holds no sales yet: nothing to fit; load transactions first")
        }
        return day
    }

    var overrides: CLVOverrides {
        CLVOverrides(model: model, unit: unit, timeZone: timeZone, penalizer: penalizer)
    }
}

enum ClvOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension TimeUnit: ExpressibleByArgument {}
extension PurchaseModelKind: ExpressibleByArgument {
    /// `bgnbd`, `mbgnbd`, `paretonbd`, or the papers' names (`pareto-nbd`, `BG/NBD`).
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["bgnbd", "mbgnbd", "pareto-nbd"] }
}
