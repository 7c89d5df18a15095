import Foundation
import XCTest

/// Five customers over January to March 2025, small enough to check by hand:
/// - A moves city on 1 February (two SCD2 versions) and orders under both:
///   100 in January (10 × P1 at 10, cost 4 each), 200 in March (P2, no cost);
/// - B orders once, 200 on 10 March;
/// - C buys 250 (2 × P1 at 125) on 15 January and returns 50 on 25 January;
/// - D orders 100 on 31 March, E 50 on 5 January;
/// - the unknown customer orders 30 on 15 March; nobody orders in February.
/// Tier cut-offs are 25 / 50 / 75 %, so with five customers the top tier
/// takes ranks ≤ 2, where B and C tie at 200.
enum HandFixture {
    static func build() throws -> WarehouseBuilder {
        let warehouse = try WarehouseBuilder(prefix: "hand")
        try warehouse.addStandardDimensions()
        try warehouse.addCustomer("A", cities: [("Town", "-infinity"), ("City", "2025-02-01")])
        for id in ["B", "C", "D", "E"] { try warehouse.addCustomer(id) }
        try warehouse.addLine(order: "A1", customer: "A", day: "2025-01-10", quantity: 10, price: "10.00")
        try warehouse.addLine(order: "A2", customer: "A", day: "2025-03-05", sku: "P2", price: "200.00")
        try warehouse.addLine(order: "B1", customer: "B", day: "2025-03-10", price: "200.00", channel: "store")
        try warehouse.addLine(order: "C1", customer: "C", day: "2025-01-15", quantity: 2, price: "125.00")
        try warehouse.addLine(order: "RC1", customer: "C", day: "2025-01-25", price: "50.00", isReturn: true)
        try warehouse.addLine(order: "D1", customer: "D", day: "2025-03-31", sku: "P2", price: "100.00")
        try warehouse.addLine(order: "E1", customer: "E", day: "2025-01-05", price: "50.00")
        try warehouse.addLine(order: "U1", customer: "unknown", day: "2025-03-15", price: "30.00")
        try warehouse.setSetting("tier_top_share", "0.25")
        try warehouse.setSetting("tier_high_share", "0.50")
        try warehouse.setSetting("tier_medium_share", "0.75")
        try warehouse.refresh()
        return warehouse
    }
}
