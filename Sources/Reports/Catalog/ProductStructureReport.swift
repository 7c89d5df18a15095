import PostgresClient

/// Product structure: revenue, margin, units and customers by category,
/// subcategory and SKU; concentration over SKUs (the top 20 % and a Pareto
/// curve); each category's share by month; returns by category; gateway
/// categories. The window is the --months months (default 12) ending with
/// the as-of month; gateways take every first order up to the as-of date.
enum ProductStructureReport {
    static let definition = ReportDefinition(
        name: "product_structure", title: "Product structure",
        summary: "Revenue, margin, units and customers by category, subcategory and SKU; top-20 % SKU share and "
            + "Pareto curve; category share by month; return rates; gateway categories of first orders "
            + "(last --months months, default 12)",
        produce: sections)

    static let window = "$1::date, coalesce($2::integer, 12)"

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        func section(_ title: String, _ sql: String) throws -> ReportSection {
            ReportSection(title: title, table: try ReportQuery.table(connection, sql, parameters))
        }
        let figures = "revenue, revenue_share, margin, margin_rate, units, customers"
        return [
            try section(
                "Revenue by category",
                "select category, \(figures) from mart.product_revenue(\(window)) where level = 'category'"),
            try section(
                "Revenue by subcategory",
                "select category, subcategory, \(figures) from mart.product_revenue(\(window)) where level = 'subcategory'"),
            try section(
                "Revenue by SKU",
                """
                select sku, product_name, category, subcategory, \(figures)
                from mart.product_revenue(\(window)) where level = 'sku'
                """),
            try section("Revenue concentration", "select * from mart.product_concentration(\(window))"),
            try section("Pareto curve", "select * from mart.product_pareto(\(window))"),
            try section("Category share by month", "select * from mart.category_share_trend(\(window))"),
            try section("Returns by category", "select * from mart.category_returns(\(window))"),
            try section("Gateway categories", "select * from mart.gateway_categories($1::date)"),
        ]
    }
}
