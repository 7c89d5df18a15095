import Analytics
import Foundation
import Scoring

// Usage: clv-bench [--customers N] [--seed S] [--repeat R] [--summary-out PATH]
//                  [--facts-out PATH --as-of yyyy-mm-dd]
// Prints key=value lines for scripts/bench-clv.sh: times in seconds, the fastest
// of R runs (the machine is shared, the minimum is the least disturbed run).
// --facts-out writes the same population as dw.fact_sales rows (COPY text format,
// one line per purchase day) for scripts/bench-clv-db.sh.
var customers = 200_000
var repeats = 3
var seed: UInt64 = 42
var summaryOut: String?
var factsOut: String?
var asOf = CalendarDate("2026-10-31")!
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--customers": customers = Int(arguments.next() ?? "") ?? customers
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    case "--repeat": repeats = max(1, Int(arguments.next() ?? "") ?? repeats)
    case "--summary-out": summaryOut = arguments.next()
    case "--facts-out": factsOut = arguments.next()
    case "--as-of": asOf = CalendarDate(arguments.next() ?? "") ?? asOf
    default:
        FileHandle.standardError.write("unknown argument \(argument)\n".data(using: .utf8)!)
        exit(2)
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    var fastest = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return fastest
}

let summary: RFMSummary
if let factsOut {
    let facts = FactsFile(path: factsOut, asOf: asOf)
    summary = SyntheticPopulation.make(customers: customers, seed: seed, purchase: facts.write)
    facts.close()
} else {
    summary = SyntheticPopulation.make(customers: customers, seed: seed)
}
if let path = summaryOut {
    var csv = "customer_id,frequency,recency,T,monetary_value\n"
    for row in summary.rows {
        csv += "\(row.customerID),\(row.frequency),\(row.recency),\(row.T),\(row.monetary)\n"
    }
    try csv.write(toFile: path, atomically: true, encoding: .utf8)
}

var bgnbd: BGNBDFit!
var mbgnbd: MBGNBDFit!
var paretonbd: ParetoNBDFit!
var gammaGamma: GammaGammaFit!
let bgnbdSeconds = try seconds { bgnbd = try BGNBDModel.fit(summary) }
let mbgnbdSeconds = try seconds { mbgnbd = try MBGNBDModel.fit(summary) }
let paretonbdSeconds = try seconds { paretonbd = try ParetoNBDModel.fit(summary) }
let gammaGammaSeconds = try seconds { gammaGamma = try GammaGammaModel.fit(summary.rows) }

/// P(alive), expected purchases and 12-month CLV of everyone, as lifetimes'
/// customer_lifetime_value computes it (a month of 4.345 weeks, 1 % a month).
func score(_ purchases: any PurchaseModel) throws -> (seconds: Double, totalCLV: Double) {
    var scores: [CustomerValue] = []
    let time = try seconds {
        let calculator = try CLVCalculator(
            purchases: purchases, gammaGamma: gammaGamma.parameters, horizonMonths: 12,
            discountRate: .monthly(0.01), monthLength: .weeks(4.345))
        scores = try calculator.score(summary)
    }
    return (time, scores.reduce(0) { $0 + $1.clv })
}
let bgnbdScore = try score(bgnbd.parameters)
let mbgnbdScore = try score(mbgnbd.parameters)
let paretonbdScore = try score(paretonbd.parameters)
let p = bgnbd.parameters
let g = gammaGamma.parameters
print("customers=\(bgnbd.customers)")
print("distinct_rows=\(bgnbd.distinctRows)")
print("bgnbd.params=r \(p.r) alpha \(p.alpha) a \(p.a) b \(p.b) (\(p.unit.rawValue)s)")
print(
    "bgnbd.log_likelihood=\(bgnbd.logLikelihood) converged=\(bgnbd.converged) iterations=\(bgnbd.iterations) evaluations=\(bgnbd.functionEvaluations)"
)
let m = mbgnbd.parameters
print("mbgnbd.params=r \(m.r) alpha \(m.alpha) a \(m.a) b \(m.b) log_likelihood \(mbgnbd.logLikelihood)")
let pn = paretonbd.parameters
print(
    "paretonbd.params=r \(pn.r) alpha \(pn.alpha) s \(pn.s) beta \(pn.beta) log_likelihood \(paretonbd.logLikelihood)"
        + " converged=\(paretonbd.converged) evaluations=\(paretonbd.functionEvaluations)")
print("gammagamma.params=p \(g.p) q \(g.q) v \(g.v) customers \(gammaGamma.customers)")
print("swift.bgnbd_fit_seconds=\(bgnbdSeconds)")
print("swift.mbgnbd_fit_seconds=\(mbgnbdSeconds)")
print("swift.paretonbd_fit_seconds=\(paretonbdSeconds)")
print("swift.gammagamma_fit_seconds=\(gammaGammaSeconds)")
print("swift.score_seconds=\(bgnbdScore.seconds)")
print("swift.mbgnbd_score_seconds=\(mbgnbdScore.seconds)")
print("swift.paretonbd_score_seconds=\(paretonbdScore.seconds)")
print("total_clv=\(bgnbdScore.totalCLV)")
print("mbgnbd.total_clv=\(mbgnbdScore.totalCLV)")
print("paretonbd.total_clv=\(paretonbdScore.totalCLV)")
