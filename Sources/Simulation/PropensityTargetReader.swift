import Analytics
import PostgresClient

/// The customers of a propensity plan: those whose response propensity on
/// the channel is at least the threshold, in the latest scores made on or
/// before the as-of date (dw.customer_propensity, `crmwh score
/// propensity`). A plan of N customers takes the N most likely; customers
/// tied at the boundary share the remaining places equally (no tie is
/// broken by an id), so a cell may hold a fraction of a customer.
struct PropensityTargetReader {
    let connection: Connection

    /// The scores' as-of date and model version the plan uses.
    func scores(asOf: String) throws -> (asOf: String, model: String) {
        guard try connection.query("select to_regclass('dw.customer_propensity') is not null").bool(0, 0) == true else {
            throw SimulationError.plan("a propensity plan needs dw.customer_propensity; run crmwh migrate")
        }
        let latest = try connection.query(
            """
            select as_of::text, model_version from dw.customer_propensity
            where as_of <= $1::date
            order by as_of desc, scored_at desc, model_version desc
            limit 1
            """, [asOf])
        guard latest.rowCount == 1, let day = latest.string(0, 0), let model = latest.string(0, 1) else {
            throw SimulationError.plan(
                "a propensity plan needs response propensities scored on or before \(asOf); run crmwh score propensity")
        }
        return (day, model)
    }

    func cells(channel: String, threshold: Double, customers wanted: Int?, asOf: String, stored: Bool) throws -> [PlanCell] {
        let scores = try scores(asOf: asOf)
        let result = try connection.query(
            """
            select cell, probability, customers
            from mart.simulation_propensity_targets($1, $2, $3::date, $4, $5::date)
            """, [channel, threshold, scores.asOf, scores.model, stored ? nil : asOf])
        var groups: [(cell: String, p: Double, n: Double)] = []
        for row in 0..<result.rowCount {
            guard let cell = result.string(row, 0), let p = result.double(row, 1), let n = result.double(row, 2) else { continue }
            groups.append((cell, p, n))
        }
        let available = groups.reduce(0) { $0 + $1.n }
        guard available > 0 else {
            throw SimulationError.plan(
                "no customer has a response propensity on \(channel) of \(threshold) or more in the scores of \(scores.asOf)")
        }
        if let wanted, Double(wanted) > available {
            throw SimulationError.plan(
                "customers: the plan asks for \(wanted) customers, but \(Int(available)) have a response propensity on "
                    + "\(channel) of \(threshold) or more (scores of \(scores.asOf))")
        }
        let taken = Self.take(groups, count: Double(wanted ?? Int(available)))
        var cells: [String: PlanCell] = [:]
        for (group, n) in zip(groups, taken) where n > 0 {
            var cell = cells[group.cell] ?? PlanCell(cell: group.cell, customers: 0, propensitySum: 0, propensityVarianceSum: 0)
            cell.customers += n
            cell.propensitySum! += n * group.p
            cell.propensityVarianceSum! += n * group.p * (1 - group.p)
            cells[group.cell] = cell
        }
        return cells.values.sorted { $0.cell < $1.cell }
    }

    /// How many of each (cell, probability) group the `count` most likely
    /// customers take: whole groups from the top, then the groups tied at
    /// the boundary probability each the same share of what is left.
    static func take(_ groups: [(cell: String, p: Double, n: Double)], count: Double) -> [Double] {
        var taken = [Double](repeating: 0, count: groups.count)
        var left = count
        let probabilities = Array(Set(groups.map(\.p))).sorted(by: >)
        for p in probabilities where left > 0 {
            let tied = groups.indices.filter { groups[$0].p == p }
            let size = tied.reduce(0) { $0 + groups[$1].n }
            let share = min(1, left / size)
            for i in tied { taken[i] = groups[i].n * share }
            left -= size * share
        }
        return taken
    }
}
