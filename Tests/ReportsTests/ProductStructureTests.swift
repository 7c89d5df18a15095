import Foundation
import Reports
import XCTest

/// The product structure report on the generated warehouse (returns,
/// multi-line orders, orders spanning two days and categories, twins,
/// products without a subcategory) against ProductStructureReference:
/// the stored default and an explicit window, section by section.
final class ProductStructureTests: XCTestCase {
    /// The stored latest 12 months, and a window the facts are read for.
    static let windows: [(asOf: String?, months: Int?)] = [(nil, nil), ("2025-03-15", 6)]

    func testRevenueMarginUnitsAndCustomersPerLevel() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = try ProductStructureReference.read(generated.builder.connection)
        for (asOf, months) in Self.windows {
            let window = reference.window(asOf: asOf.map(Day.init) ?? reference.lastDay, months: months ?? 12)
            XCTAssertTrue(window.contains { $0.isReturn }, "returns in the window")
            let total = window.reduce(Decimal(0)) { $0 + $1.amount }
            let expected: [String: [String: ProductStructureReference.Figures]] = [
                "category": reference.figures(window) { $0.category },
                "subcategory": reference.figures(window) { $0.category + "|" + $0.subcategory },
                "sku": reference.figures(window) { $0.sku },
            ]
            let rows = try generated.builder.records(
                """
                select level, category, subcategory, sku, revenue::text, revenue_share::text, margin::text,
                    margin_rate::text, units::text, customers::text
                from mart.product_revenue($1::date, coalesce($2::integer, 12))
                """, [asOf, months])
            let context = "as of \(asOf ?? "latest")"
            for level in ["category", "subcategory", "sku"] {
                let levelRows = rows.filter { $0["level"]!! == level }
                XCTAssertEqual(levelRows.count, expected[level]!.count, "\(level) rows \(context)")
                for row in levelRows {
                    let key: String
                    switch level {
                    case "category": key = row["category"]!!
                    case "subcategory": key = row["category"]!! + "|" + row["subcategory"]!!
                    default: key = row["sku"]!!
                    }
                    guard let want = expected[level]![key] else {
                        XCTFail("unexpected \(level) \(key) \(context)")
                        continue
                    }
                    XCTAssertEqual(Decimal(string: row["revenue"]!!), want.revenue, "\(key) \(context)")
                    XCTAssertEqual(Decimal(string: row["margin"]!!), want.margin, "\(key) \(context)")
                    XCTAssertEqual(Decimal(string: row["units"]!!), want.units, "\(key) \(context)")
                    XCTAssertEqual(Int(row["customers"]!!), want.customers.count, "\(key) \(context)")
                    XCTAssertEqual(
                        Decimal(string: row["revenue_share"]!!), ProductStructureReference.rounded(want.revenue / total, 4),
                        "\(key) \(context)")
                    XCTAssertEqual(
                        Decimal(string: row["margin_rate"]!!),
                        ProductStructureReference.rounded(want.margin / want.revenue, 4), "\(key) \(context)")
                }
            }
            // A customer of several SKUs of a category is one customer of it.
            let categoryCustomers = expected["category"]!.values.reduce(0) { $0 + $1.customers.count }
            let skuCustomers = expected["sku"]!.values.reduce(0) { $0 + $1.customers.count }
            XCTAssertLessThan(categoryCustomers, skuCustomers, context)
        }
    }

    func testConcentrationAndParetoPoints() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = try ProductStructureReference.read(generated.builder.connection)
        for (asOf, months) in Self.windows {
            let window = reference.window(asOf: asOf.map(Day.init) ?? reference.lastDay, months: months ?? 12)
            let revenues = reference.skuRevenues(window)
            let total = revenues.reduce(0, +)
            func top(_ count: Int) -> Decimal { revenues.prefix(count).reduce(0, +) }
            let context = "as of \(asOf ?? "latest")"
            let concentration = try generated.builder.records(
                "select * from mart.product_concentration($1::date, coalesce($2::integer, 12))", [asOf, months])
            XCTAssertEqual(concentration.count, 1, context)
            let topCount = (revenues.count + 4) / 5
            XCTAssertEqual(Int(concentration[0]["skus"]!!), revenues.count, context)
            XCTAssertEqual(Int(concentration[0]["top_skus"]!!), topCount, context)
            XCTAssertEqual(Decimal(string: concentration[0]["revenue"]!!), total, context)
            XCTAssertEqual(Decimal(string: concentration[0]["top_sku_revenue"]!!), top(topCount), context)
            XCTAssertEqual(
                Decimal(string: concentration[0]["top_20_percent_revenue_share"]!!),
                ProductStructureReference.rounded(top(topCount) / total, 4), context)

            let points = try generated.builder.records(
                "select * from mart.product_pareto($1::date, coalesce($2::integer, 12)) order by point",
                [asOf, months])
            XCTAssertEqual(points.map { Int($0["point"]!!)! }, Array(1...20), context)
            for point in points {
                let g = Int(point["point"]!!)!
                let count = Int((Double(g * revenues.count) / 20).rounded(.up))
                XCTAssertEqual(Int(point["skus"]!!), count, "point \(g) \(context)")
                XCTAssertEqual(Decimal(string: point["cumulative_revenue"]!!), top(count), "point \(g) \(context)")
                XCTAssertEqual(
                    Decimal(string: point["revenue_share"]!!), ProductStructureReference.rounded(top(count) / total, 4),
                    "point \(g) \(context)")
            }
            XCTAssertEqual(points.last?["revenue_share"], "1.0000", context)
        }
    }

    func testEqualRevenueSKUsCountAlikeInTheCurve() throws {
        // SKUs tied at a Pareto cut-off: whichever of them the curve
        // counts, the cumulative revenue is the same, and equals the
        // sum of the largest values.
        let builder = try WarehouseBuilder(prefix: "pareto_ties")
        try builder.connection.execute(
            """
            insert into dw.dim_product (sku, category, unit_cost, etl_file_id)
            select 'S' || i, 'c', 1, 1 from generate_series(1, 10) as i;
            insert into dw.dim_channel (channel) values ('web');
            """)
        try builder.addCustomer("A")
        // Revenues 50, 30, 30, 30, 10, 10, 10, 10, 10, 10.
        let prices = ["50.00", "30.00", "30.00", "30.00", "10.00", "10.00", "10.00", "10.00", "10.00", "10.00"]
        for (i, price) in prices.enumerated() {
            try builder.addLine(order: "O\(i)", customer: "A", day: "2025-03-0\(1 + i % 9)", sku: "S\(i + 1)", price: price)
        }
        try builder.refresh()
        let points = try builder.records("select point, skus::text, cumulative_revenue::text from mart.product_pareto()")
        let byPoint = Dictionary(uniqueKeysWithValues: points.map { (Int($0["point"]!!)!, $0) })
        // 20 %: 2 SKUs, 50 + 30 whichever 30 it is; 30 %: 3 SKUs; 50 %: 5, one of six tied at 10.
        XCTAssertEqual(byPoint[4]?["skus"], "2")
        XCTAssertEqual(Decimal(string: byPoint[4]!["cumulative_revenue"]!!), 80)
        XCTAssertEqual(Decimal(string: byPoint[6]!["cumulative_revenue"]!!), 110)
        XCTAssertEqual(Decimal(string: byPoint[10]!["cumulative_revenue"]!!), 150)
        let share = try builder.records("select top_20_percent_revenue_share::text as share from mart.product_concentration()")
        XCTAssertEqual(share.first?["share"], "0.4000")
    }

    func testCategoryShareTrendAndReturns() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = try ProductStructureReference.read(generated.builder.connection)
        for (asOf, months) in Self.windows {
            let window = reference.window(asOf: asOf.map(Day.init) ?? reference.lastDay, months: months ?? 12)
            let context = "as of \(asOf ?? "latest")"
            var byMonth: [String: [String: Decimal]] = [:]
            for line in window { byMonth[line.day.monthText, default: [:]][line.category, default: 0] += line.amount }
            let categories = Set(window.map(\.category))
            let trend = try generated.builder.records(
                """
                select month::text, category, revenue::text, revenue_share::text
                from mart.category_share_trend($1::date, coalesce($2::integer, 12))
                """, [asOf, months])
            XCTAssertEqual(trend.count, byMonth.count * categories.count, context)
            for row in trend {
                let month = byMonth[row["month"]!!] ?? [:]
                let revenue = month[row["category"]!!] ?? 0
                let total = month.values.reduce(0, +)
                XCTAssertEqual(Decimal(string: row["revenue"]!!), revenue, "\(row) \(context)")
                XCTAssertEqual(
                    Decimal(string: row["revenue_share"]!!), ProductStructureReference.rounded(revenue / total, 4),
                    "\(row) \(context)")
            }

            let returns = try generated.builder.records(
                """
                select category, sold_units::text, returned_units::text, unit_return_rate::text,
                    sold_revenue::text, returned_revenue::text, revenue_return_rate::text
                from mart.category_returns($1::date, coalesce($2::integer, 12))
                """, [asOf, months])
            XCTAssertEqual(Set(returns.map { $0["category"]!! }), categories, context)
            for row in returns {
                let own = window.filter { $0.category == row["category"]!! }
                let soldUnits = own.filter { !$0.isReturn }.reduce(Decimal(0)) { $0 + $1.quantity }
                let returnedUnits = own.filter(\.isReturn).reduce(Decimal(0)) { $0 - $1.quantity }
                let sold = own.filter { !$0.isReturn }.reduce(Decimal(0)) { $0 + $1.amount }
                let returned = own.filter(\.isReturn).reduce(Decimal(0)) { $0 - $1.amount }
                XCTAssertGreaterThan(returnedUnits, 0, "\(row) \(context)")
                XCTAssertEqual(Decimal(string: row["sold_units"]!!), soldUnits, context)
                XCTAssertEqual(Decimal(string: row["returned_units"]!!), returnedUnits, context)
                XCTAssertEqual(
                    Decimal(string: row["unit_return_rate"]!!),
                    ProductStructureReference.rounded(returnedUnits / soldUnits, 4), context)
                XCTAssertEqual(Decimal(string: row["sold_revenue"]!!), sold, context)
                XCTAssertEqual(Decimal(string: row["returned_revenue"]!!), returned, context)
                XCTAssertEqual(
                    Decimal(string: row["revenue_return_rate"]!!),
                    ProductStructureReference.rounded(returned / sold, 4), context)
            }
        }
    }

    func testGatewayPerCustomer() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = try ProductStructureReference.read(generated.builder.connection)
        let expected = reference.gateways()
        // The data hold what the definition must get right.
        XCTAssertGreaterThan(expected.values.filter { $0.categories.count > 1 }.count, 0, "tied categories")
        let spanning = Set(reference.lines.filter { !$0.isReturn }.map { "\($0.orderID)|\($0.day.number)" })
            .reduce(into: [String: Int]()) { $0[String($1.split(separator: "|")[0]), default: 0] += 1 }
            .filter { $0.value > 1 }.keys
        let firstOrders = Set(reference.lines.filter { line in
            expected[line.customerID].map { $0.firstOrderOn == line.day } ?? false
        }.map(\.orderID))
        XCTAssertGreaterThan(Set(spanning).intersection(firstOrders).count, 0, "first orders over two days")

        let rows = try generated.builder.records(
            """
            select customer_id, category, first_order_on::text, first_orders::text, gateway_categories::text,
                first_order_revenue::text, revenue_12m::text, orders_12m::text
            from mart.customer_gateway
            """)
        var categories: [String: Set<String>] = [:]
        for row in rows {
            let id = row["customer_id"]!!
            guard let want = expected[id] else {
                XCTFail("unexpected customer \(id)")
                continue
            }
            categories[id, default: []].insert(row["category"]!!)
            XCTAssertEqual(Day(row["first_order_on"]!!), want.firstOrderOn, id)
            XCTAssertEqual(Int(row["first_orders"]!!), want.firstOrders, id)
            XCTAssertEqual(Int(row["gateway_categories"]!!), want.categories.count, id)
            XCTAssertEqual(Decimal(string: row["first_order_revenue"]!!), want.firstOrderRevenue, id)
            XCTAssertEqual(Decimal(string: row["revenue_12m"]!!), want.revenue12m, id)
            XCTAssertEqual(Int(row["orders_12m"]!!), want.orders12m, id)
        }
        XCTAssertEqual(categories, expected.mapValues(\.categories))
    }

    func testGatewayCategoriesReport() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = try ProductStructureReference.read(generated.builder.connection)
        let gateways = reference.gateways()
        for asOf in [nil, "2025-06-30"] {
            let last = asOf.map(Day.init) ?? reference.lastDay
            let known = gateways.filter { $0.value.firstOrderOn <= last }
            let followed = known.filter { ProductStructureReference.addingYear($0.value.firstOrderOn).number <= last.number + 1 }
            let everyone = followed.values.reduce(Decimal(0)) { $0 + $1.revenue12m } / Decimal(followed.count)
            let rows = try generated.builder.records("select * from mart.gateway_categories($1::date)", [asOf])
            let categories = Set(known.values.flatMap(\.categories))
            XCTAssertEqual(Set(rows.map { $0["category"]!! }), categories)
            for row in rows {
                let category = row["category"]!!
                let context = "\(category) as of \(asOf ?? "latest")"
                let members = known.values.filter { $0.categories.contains(category) }
                let tracked = followed.values.filter { $0.categories.contains(category) }
                let retained = tracked.filter { $0.orders12m > $0.firstOrders }
                XCTAssertGreaterThan(tracked.count, 0, context)
                XCTAssertEqual(Int(row["customers"]!!), members.count, context)
                XCTAssertEqual(Int(row["followed_customers"]!!), tracked.count, context)
                XCTAssertEqual(Int(row["retained_customers"]!!), retained.count, context)
                XCTAssertEqual(
                    Decimal(string: row["retention_12m_rate"]!!),
                    ProductStructureReference.rounded(Decimal(retained.count) / Decimal(tracked.count), 4), context)
                let firstRevenue = members.reduce(Decimal(0)) { $0 + $1.firstOrderRevenue } / Decimal(members.count)
                XCTAssertEqual(
                    Decimal(string: row["average_first_order_revenue"]!!),
                    ProductStructureReference.rounded(firstRevenue, 2), context)
                let revenue = tracked.reduce(Decimal(0)) { $0 + $1.revenue12m } / Decimal(tracked.count)
                XCTAssertEqual(
                    Decimal(string: row["average_revenue_12m"]!!), ProductStructureReference.rounded(revenue, 2), context)
                XCTAssertEqual(
                    Double(row["value_12m_index"]!!)!, NSDecimalNumber(decimal: revenue / everyone).doubleValue,
                    accuracy: 0.00005, context)
                let orders = Decimal(tracked.reduce(0) { $0 + $1.orders12m }) / Decimal(tracked.count)
                XCTAssertEqual(
                    Decimal(string: row["average_orders_12m"]!!), ProductStructureReference.rounded(orders, 4), context)
            }
        }
    }

    func testReportSections() throws {
        let generated = try GeneratedWarehouse.shared()
        let report = try ReportCatalog.named("product_structure")
        for parameters in [ReportParameters(), ReportParameters(asOf: "2025-03-15", months: 6)] {
            let document = try report.run(generated.builder.connection, parameters)
            XCTAssertEqual(
                document.sections.map(\.title),
                [
                    "Revenue by category", "Revenue by subcategory", "Revenue by SKU", "Revenue concentration",
                    "Pareto curve", "Category share by month", "Returns by category", "Gateway categories",
                ])
            for section in document.sections {
                XCTAssertGreaterThan(section.table.rows.count, 0, section.title)
            }
        }
    }
}
