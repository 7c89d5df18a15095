import Foundation
import XCTest

/// product_pairs on the generated warehouse against a Swift recomputation:
/// the orders whose first line falls in the window, each once with all
/// its lines' products, pairs above the support floor, strongest lift first.
final class ProductPairTests: XCTestCase {
    func testPairsMatchReferenceAndComeByLift() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let from = Day("2025-01-01"), to = Day("2025-06-30")
        let skus = Dictionary(uniqueKeysWithValues: try generated.builder.records(
            "select product_key::text, sku from dw.dim_product"
        ).map { ($0["product_key"]!!, $0["sku"]!!) })
        let keyOf = try generated.builder.records(
            "select order_id, line_no::text, product_key::text from dw.fact_sales where not is_return")
            .reduce(into: [String: String]()) { $0["\($1["order_id"]!!)#\($1["line_no"]!!)"] = $1["product_key"]!! }
        let windowOrders = Set(reference.orderFirstLines.filter { $0.day >= from && $0.day <= to }.map(\.orderID))
        var products: [String: Set<String>] = [:]
        for line in generated.lines where !line.isReturn && windowOrders.contains(line.orderID) {
            let key = keyOf["\(line.orderID)#\(line.lineNo)"]!
            if key != "-1" { products[line.orderID, default: []].insert(skus[key]!) }
        }
        var single: [String: Int] = [:], pairs: [String: Int] = [:]
        for set in products.values {
            for a in set {
                single[a, default: 0] += 1
                for b in set where a < b { pairs["\(a)|\(b)", default: 0] += 1 }
            }
        }
        let floor = 3
        let expected = pairs.filter { $0.value >= floor }
        let rows = try generated.builder.records(
            "select sku_a, sku_b, orders_both::text, lift::text from mart.product_pair_affinity($1::date, $2::date, \(floor))",
            ["2025-01-01", "2025-06-30"])
        XCTAssertGreaterThan(rows.count, 5, "the window has pairs above the floor")
        XCTAssertEqual(Set(rows.map { "\($0["sku_a"]!!)|\($0["sku_b"]!!)" }), Set(expected.keys))
        var previous: (lift: Double, orders: Int)?
        for row in rows {
            let a = row["sku_a"]!!, b = row["sku_b"]!!
            let both = expected["\(a)|\(b)"] ?? -1
            XCTAssertEqual(Int(row["orders_both"]!!), both, "\(a)|\(b)")
            let lift = Double(both) * Double(products.count) / Double(single[a]! * single[b]!)
            XCTAssertEqual(Double(row["lift"]!!)!, lift, accuracy: 0.000051, "\(a)|\(b)")  // rounded to 4 places
            if let previous {
                XCTAssertTrue(
                    previous.lift > lift + 1e-9 || (abs(previous.lift - lift) < 1e-9 && previous.orders >= both),
                    "ranked by lift, then common orders: \(a)|\(b)")
            }
            previous = (lift, both)
        }
    }
}
