import Foundation
import Reports
import XCTest

/// Markov forecasts, KPI periods and report parameters, without a database.
final class ParameterTests: XCTestCase {
    func testMarkovPowerOfATwoStateChain() {
        let chain = MarkovForecast(matrix: [[0.9, 0.1], [0.5, 0.5]])
        let squared = chain.power(2)
        XCTAssertEqual(squared[0][0], 0.86, accuracy: 1e-12)
        XCTAssertEqual(squared[0][1], 0.14, accuracy: 1e-12)
        XCTAssertEqual(squared[1][0], 0.70, accuracy: 1e-12)
        XCTAssertEqual(chain.power(0), [[1, 0], [0, 1]])
        // The stationary distribution is (5/6, 1/6).
        let far = chain.forecast([0, 100], steps: 200)
        XCTAssertEqual(far[0], 500.0 / 6, accuracy: 1e-6)
        XCTAssertEqual(far[1], 100.0 / 6, accuracy: 1e-6)
    }

    func testMarkovFromCountsKeepsRowsStochastic() {
        let chain = MarkovForecast(counts: [[3, 1], [0, 0]])
        XCTAssertEqual(chain.matrix, [[0.75, 0.25], [0, 1]])
        XCTAssertEqual(chain.forecast([4, 6], steps: 1), [3, 7])
    }

    func testKPIPeriods() throws {
        let month = try KPIPeriod(parsing: "2026-10")
        XCTAssertEqual([month.firstMonth, month.lastMonth], ["2026-10-01", "2026-10-01"])
        let quarter = try KPIPeriod(parsing: "2026-Q3")
        XCTAssertEqual([quarter.firstMonth, quarter.lastMonth], ["2026-07-01", "2026-09-01"])
        let january = ISO8601DateFormatter().date(from: "2027-01-01T03:00:00Z")!
        let last = try KPIPeriod(parsing: "last-month", today: january)
        XCTAssertEqual([last.label, last.firstMonth], ["2026-12", "2026-12-01"])
        for invalid in ["2026-13", "2026-Q5", "26-10", "2026-1", "last-year", "2026-10-01", ""] {
            XCTAssertThrowsError(try KPIPeriod(parsing: invalid), invalid)
        }
    }

    func testAsOfMustBeARealDate() {
        XCTAssertNoThrow(try ReportParameters(asOf: "2024-02-29").validate())
        for invalid in ["2025-02-29", "2025-2-1", "yesterday", "2025-13-01"] {
            XCTAssertThrowsError(try ReportParameters(asOf: invalid).validate(), invalid)
        }
        XCTAssertThrowsError(try ReportParameters(months: 0).validate())
    }

    func testCatalogNamesAreUniqueAndUnknownNamesAreUsageErrors() {
        let names = ReportCatalog.all.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertThrowsError(try ReportCatalog.named("nope")) { error in
            XCTAssertTrue("\(error)".contains("unknown report 'nope'"))
        }
        XCTAssertTrue(ReportCatalog.listing.contains("kpi_monthly"))
    }
}
