import Foundation
import XCTest

/// kpi_monthly, cohort_retention and value_migration on the generated
/// warehouse against the Reference snapshot and raw lines.
final class MovementMartTests: XCTestCase {
    func testKPIsMatchReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let window = 3
        // Months in which each known customer ordered (an order in the
        // month of its first line).
        var active: [String: [Int]] = [:]
        for line in reference.orderFirstLines where line.isKnownCustomer {
            active[line.customerID, default: []].append(line.month)
        }
        active = active.mapValues { Array(Set($0)).sorted() }
        var ordersByCustomer: [String: [Int: Set<String>]] = [:]
        for line in reference.orderFirstLines where line.isKnownCustomer {
            ordersByCustomer[line.customerID, default: [:]][line.month, default: []].insert(line.orderID)
        }
        let rows = try generated.builder.records(
            """
            select month::text, active_customers::text, new_customers::text, churned_customers::text,
                base_customers::text, revenue::text, orders::text, repeat_purchase_rate::text, retention_rate::text
            from mart.kpi_monthly order by month
            """)
        XCTAssertEqual(rows.map { $0["month"]!! }, reference.months.map { Day.monthStart($0).monthText })
        for (month, row) in zip(reference.months, rows) {
            let context = Day.monthStart(month).monthText
            let activeNow = active.filter { $0.value.contains(month) }
            let new = activeNow.filter { $0.value.first == month }
            let churned = active.values.filter { months in
                guard let index = months.firstIndex(of: month - window) else { return false }
                return index + 1 == months.count || months[index + 1] > month
            }
            let base = active.values.filter { months in
                guard let last = months.last(where: { $0 < month }) else { return false }
                return month - last <= window
            }
            let monthLines = generated.lines.filter { $0.month == month }
            let revenue = monthLines.reduce(Decimal(0)) { $0 + $1.amount }
            let orders = reference.orderFirstLines.filter { $0.month == month }.count
            let customersToDate = active.values.filter { $0.first! <= month }.count
            let repeaters = ordersByCustomer.values.filter { perMonth in
                perMonth.filter { $0.key <= month }.reduce(0) { $0 + $1.value.count } >= 2
            }.count
            XCTAssertEqual(Int(row["active_customers"]!!), activeNow.count, context)
            XCTAssertEqual(Int(row["new_customers"]!!), new.count, context)
            XCTAssertEqual(Int(row["churned_customers"]!!), churned.count, context)
            XCTAssertEqual(Int(row["base_customers"]!!), base.count, context)
            XCTAssertEqual(Decimal(string: row["revenue"]!!), revenue, context)
            XCTAssertEqual(Int(row["orders"]!!), orders, context)
            XCTAssertEqual(
                Double(row["repeat_purchase_rate"]!!)!, Double(repeaters) / Double(customersToDate), accuracy: 0.00005,
                context)
            if !base.isEmpty {
                XCTAssertEqual(
                    Double(row["retention_rate"]!!)!, Double(base.count - churned.count) / Double(base.count),
                    accuracy: 0.00005, context)
            }
        }
    }

    func testCohortRetentionMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let snapshots = Dictionary(uniqueKeysWithValues: reference.months.map { ($0, reference.snapshot(month: $0)) })
        struct Cell: Equatable {
            var customers = 0
            var revenue: Decimal = 0
        }
        var cells: [String: Cell] = [:]
        for (month, rows) in snapshots {
            for row in rows.values where row.isActive {
                let key = "\(Day.monthStart(row.firstOrderMonth).monthText.prefix(7))/\(month - row.firstOrderMonth)"
                cells[key, default: Cell()].customers += 1
                cells[key, default: Cell()].revenue += row.revenue
            }
        }
        let rows = try generated.builder.records(
            "select cohort, months_since::text, active_customers::text, revenue::text from mart.cohort_retention")
        XCTAssertEqual(rows.count, cells.count)
        for row in rows {
            let key = "\(row["cohort"]!!)/\(row["months_since"]!!)"
            XCTAssertEqual(
                Cell(customers: Int(row["active_customers"]!!)!, revenue: Decimal(string: row["revenue"]!!)!),
                cells[key], key)
        }
    }

    func testValueMigrationMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let to = reference.months.upperBound - 1
        let from = to - 6
        let before = reference.snapshot(month: from)
        let after = reference.snapshot(month: to)
        let base = Set(
            generated.lines.filter { $0.isKnownCustomer && !$0.isReturn && $0.month <= from }.map(\.customerID))
        var expected: [String: Int] = [:]
        for id in base {
            expected["\(before[id]?.tier ?? 5)>\(after[id]?.tier ?? 5)", default: 0] += 1
        }
        let rows = try generated.builder.records(
            "select from_rank::text, to_rank::text, customers::text, probability::text from mart.value_migration($1::date, $2::date)",
            [Day.monthStart(from).monthText, Day.monthStart(to).monthText])
        var actual: [String: Int] = [:]
        var probabilityByFrom: [String: Double] = [:]
        for row in rows {
            actual["\(row["from_rank"]!!)>\(row["to_rank"]!!)"] = Int(row["customers"]!!)
            probabilityByFrom[row["from_rank"]!!, default: 0] += Double(row["probability"]!!)!
        }
        XCTAssertEqual(actual, expected)
        for (from, total) in probabilityByFrom {
            XCTAssertEqual(total, 1, accuracy: 0.00001, "probabilities from tier \(from)")
        }
    }
}
