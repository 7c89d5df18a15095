import Analytics
import Foundation
import Logging
import PostgresClient
import Scoring
import XCTest

@testable import Propensity

/// The tier-move targets of `crmwh score propensity` (tier_up, tier_down):
/// fitted and checked out of time like the others, their labels against a
/// separately written SQL ranking of the facts, and the fit against an
/// independent Newton solve of the same matrix.
final class TierMovePropensityTests: XCTestCase {
    func testTierMovesAreFittedCheckedOutOfTimeAndStoredForEveryCustomer() throws {
        let connection = try PropensityScoringTests.warehouse().connection
        let asOf = PropensityScoringTests.asOf
        let options = PropensityOptions(asOf: asOf)
        let report = try PropensityScoringTests.scoring(connection).score(options)
        for name in ["tier_up", "tier_down"] {
            let target = try XCTUnwrap(report.targets.first { $0.target == name }, name)
            XCTAssertTrue(target.fitted, "\(name): \(target.skippedBecause ?? "")")
            XCTAssertEqual(target.horizonDays, 30)
            XCTAssertEqual(target.basis, "features", name)
            let holdout = try XCTUnwrap(target.holdout, name)
            XCTAssertGreaterThan(try XCTUnwrap(holdout.auc), 0.6, name)
            XCTAssertLessThan(holdout.logLoss, holdout.baseRateLogLoss, name)
            XCTAssertEqual(target.holdoutAsOf, asOf.adding(-30))
        }
        let stored = try connection.query(
            """
            select count(*)::text, count(p_tier_up)::text, count(p_tier_down)::text,
                bool_and(p_tier_up > 0 and p_tier_up < 1 and p_tier_down > 0 and p_tier_down < 1)::text
            from dw.customer_propensity where as_of = $1::date and model_version = $2
            """, [asOf.description, options.modelVersion])
        XCTAssertEqual(stored.string(0, 0), "\(report.customersScored)")
        XCTAssertEqual(stored.string(0, 1), "\(report.customersScored)")
        XCTAssertEqual(stored.string(0, 2), "\(report.customersScored)")
        XCTAssertEqual(stored.string(0, 3), "true")

        // The holdout's labels: customers with an order by the cut-off whose
        // tier 30 days later is better (worse), ranked here from the facts.
        let cutoff = asOf.adding(-30)
        let moves = try connection.query(Self.tierMovesSQL, [cutoff.description, asOf.description])
        let models = try connection.query(
            "select target, holdout_rows::text, holdout_positives::text from dw.propensity_model where model_version = $1 and target like 'tier%' order by target",
            [options.modelVersion])
        XCTAssertEqual(models.rows.map { $0[0] }, ["tier_down", "tier_up"])
        XCTAssertEqual(models.string(0, 1), moves.string(0, 0), "holdout rows: customers with an order by the cut-off")
        XCTAssertEqual(models.string(0, 2), moves.string(0, 2), "tier_down positives")
        XCTAssertEqual(models.string(1, 2), moves.string(0, 1), "tier_up positives")
        XCTAssertGreaterThan(Int(moves.string(0, 1)!)!, 30)
        XCTAssertGreaterThan(Int(moves.string(0, 2)!)!, 30)
    }

    func testTheTierUpFitMatchesAnIndependentNewtonSolveOfTheSameMatrix() throws {
        let connection = try PropensityScoringTests.warehouse().connection
        let asOf = PropensityScoringTests.asOf
        let options = PropensityOptions(asOf: asOf)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let history = try CustomerHistoryReader(connection: connection).read(through: asOf)
        let cutoff = asOf.adding(-30)
        let cache = SnapshotCache(
            history: history, tiers: try TierShares(options.tierShares), dates: [cutoff, asOf], options: options,
            logger: logger)
        let trainer = PropensityTrainer(cache: cache, options: options)
        for move in [TierMove.up, .down] {
            let all = trainer.rows(.tierMove(move, days: 30), starting: [cutoff], thin: false)
            // Every 2nd row keeps the reference solve quick in a debug build.
            var features = FeatureMatrix(names: all.features.names)
            var labels: [Bool] = []
            for row in Swift.stride(from: 0, to: all.labels.count, by: 2) {
                features.append(row: row, of: all.features)
                labels.append(all.labels[row])
            }
            let model = try LogisticModel.fit(features, labels: labels, penalty: 1)
            let reference = ReferenceLogit.fit(features, labels: labels, penalty: 1)
            XCTAssertEqual(model.fit.names, reference.names, "\(move): the same non-constant features")
            XCTAssertEqual(model.fit.intercept, reference.coefficients[0], accuracy: 1e-4, "\(move) intercept")
            for (k, name) in reference.names.enumerated() {
                XCTAssertEqual(model.fit.coefficients[k], reference.coefficients[k + 1], accuracy: 1e-4, "\(move) \(name)")
            }
        }
    }

    /// Customers with an order (first purchase line) by $1; their tier at $1
    /// and at $2: trailing-12-month revenue ((day + 1) − 12 months … day)
    /// ranked with rank() among customers with an order in the window, rank ≤
    /// ceil(n × 0.01) top, 0.05 high, 0.20 medium, else low; lapsed without an order in it.
    static let tierMovesSQL = """
        with orders as (
            select distinct on (order_id) order_id, customer_id, date_key
            from dw.fact_sales where not is_return and customer_id <> 'unknown'
            order by order_id, ordered_at, line_no
        ),
        days as (
            select d, to_char(d, 'YYYYMMDD')::integer as day_key,
                to_char((d + 1 - interval '12 months')::date, 'YYYYMMDD')::integer as start_key
            from unnest(array[$1::date, $2::date]) as d
        ),
        active as (
            select distinct ds.d, o.customer_id
            from orders as o join days as ds on o.date_key between ds.start_key and ds.day_key
        ),
        revenue as (
            select a.d, a.customer_id, sum(s.amount_base) as revenue
            from active as a
            join days as ds on ds.d = a.d
            join dw.fact_sales as s on s.customer_id = a.customer_id and s.date_key between ds.start_key and ds.day_key
            group by a.d, a.customer_id
        ),
        ranked as (
            select d, customer_id, rank() over (partition by d order by revenue desc) as r,
                count(*) over (partition by d) as n
            from revenue
        ),
        tiers as (
            select d, customer_id,
                case when r <= ceil(n * 0.01) then 1 when r <= ceil(n * 0.05) then 2 when r <= ceil(n * 0.20) then 3 else 4 end as tier
            from ranked
        ),
        population as (
            select distinct customer_id from orders where date_key <= (select day_key from days where d = $1::date)
        ),
        states as (
            select p.customer_id, coalesce(a.tier, 5) as before, coalesce(b.tier, 5) as after
            from population as p
            left join tiers as a on a.customer_id = p.customer_id and a.d = $1::date
            left join tiers as b on b.customer_id = p.customer_id and b.d = $2::date
        )
        select count(*)::text, count(*) filter (where after < before)::text, count(*) filter (where after > before)::text
        from states
        """
}

/// Penalised logistic regression by plain Newton steps with Gaussian
/// elimination, written apart from Analytics: standardise with the mean and
/// population sd, drop constant columns, minimise −log-likelihood + λ/2 Σ β²
/// (intercept unpenalised).
enum ReferenceLogit {
    static func fit(_ x: FeatureMatrix, labels: [Bool], penalty: Double) -> (names: [String], coefficients: [Double]) {
        let n = x.rows
        var kept: [Int] = [], means: [Double] = [], sds: [Double] = []
        for c in 0..<x.columns {
            let column = (0..<n).map { x[$0, c] }
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
            if sd > 1e-12 * max(1, abs(mean)) {
                kept.append(c)
                means.append(mean)
                sds.append(sd)
            }
        }
        let p = kept.count + 1
        let z: [[Double]] = (0..<n).map { r in [1] + kept.indices.map { (x[r, kept[$0]] - means[$0]) / sds[$0] } }
        var beta = [Double](repeating: 0, count: p)
        for _ in 0..<100 {
            var gradient = [Double](repeating: 0, count: p)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for r in 0..<n {
                var eta = 0.0
                for j in 0..<p { eta += z[r][j] * beta[j] }
                let mu = 1 / (1 + exp(-eta))
                let residual = mu - (labels[r] ? 1 : 0)
                let weight = mu * (1 - mu)
                for j in 0..<p {
                    gradient[j] += residual * z[r][j]
                    for k in 0...j { hessian[j][k] += weight * z[r][j] * z[r][k] }
                }
            }
            for j in 0..<p {
                for k in 0..<j { hessian[k][j] = hessian[j][k] }
                if j > 0 {
                    gradient[j] += penalty * beta[j]
                    hessian[j][j] += penalty
                }
            }
            let step = solve(hessian, gradient)
            for j in 0..<p { beta[j] -= step[j] }
            if step.map(abs).max()! < 1e-12 { break }
        }
        return (kept.map { x.names[$0] }, beta)
    }

    /// a · s = b by Gaussian elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a, v = b
        let p = b.count
        for col in 0..<p {
            let pivot = (col..<p).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot)
            v.swapAt(col, pivot)
            for r in (col + 1)..<p {
                let f = m[r][col] / m[col][col]
                for c in col..<p { m[r][c] -= f * m[col][c] }
                v[r] -= f * v[col]
            }
        }
        var s = [Double](repeating: 0, count: p)
        for r in stride(from: p - 1, through: 0, by: -1) {
            var t = v[r]
            for c in (r + 1)..<p { t -= m[r][c] * s[c] }
            s[r] = t / m[r][r]
        }
        return s
    }
}
