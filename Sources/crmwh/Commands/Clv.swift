import Analytics
import ArgumentParser
import Scoring

struct Clv: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predictive customer lifetime value (BG/NBD + Gamma-Gamma).",
        discussion: """
            Both commands summarise dw.fact_sales per customer up to --as-of (inclusive; \
            purchase days in --time-zone, same-day orders merged, returns left out) and fit \
            the models in --unit. `fit` only reports; `score` writes dw.clv_model and \
            dw.customer_score under the warehouse lock. See docs/clv.md.
            """,
        subcommands: [Fit.self, Score.self]
    )
}

/// The options that decide which summary and which fit: shared by `fit` and `score`.
struct ClvModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Calibration end date, inclusive.", valueName: "yyyy-mm-dd"))
    var asOf: String

    @Option(help: "Time unit of recency, T and the BG/NBD parameters: day, week or month (365.25/12 days).")
    var unit: TimeUnit = .week

    @Option(help: ArgumentHelp("Reporting time zone whose calendar days are purchase days.", valueName: "name"))
    var timeZone = "UTC"

    @Option(help: "L2 penalty of both fits (lifetimes' penalizer_coef); 0 is plain maximum likelihood.")
    var penalizer = 0.0

    func validate() throws {
        guard CalendarDate(asOf) != nil else { throw ValidationError("--as-of must be a date as yyyy-mm-dd") }
        guard penalizer >= 0, penalizer.isFinite else { throw ValidationError("--penalizer must be 0 or more") }
        guard !timeZone.isEmpty else { throw ValidationError("--time-zone must name a time zone") }
    }

    func fitOptions(holdoutEnd: String? = nil) -> CLVFitOptions {
        CLVFitOptions(
            asOf: CalendarDate(asOf)!, unit: unit, timeZone: timeZone, penalizer: penalizer,
            holdoutEnd: holdoutEnd.flatMap(CalendarDate.init))
    }
}

enum ClvOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension TimeUnit: ExpressibleByArgument {}
