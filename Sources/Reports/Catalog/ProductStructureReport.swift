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
        // One query for the three levels: with --as-of or --months it counts
        // the window's customers from the facts, which should happen once.
        let levels = try ReportQuery.table(connection, "select * from mart.product_revenue(\(window))", parameters)
        let figures = ["revenue", "revenue_share", "margin", "margin_rate", "units", "customers"]
        return [
            ReportSection(title: "Revenue by category", table: levels.rows(level: "category", columns: ["category"] + figures)),
            ReportSection(
                title: "Revenue by subcategory",
                table: levels.rows(level: "subcategory", columns: ["category", "subcategory"] + figures)),
            ReportSection(
                title: "Revenue by SKU",
                table: levels.rows(level: "sku", columns: ["sku", "product_name", "category", "subcategory"] + figures)),
            try section("Revenue concentration", "select * from mart.product_concentration(\(window))"),
            try section("Pareto curve", "select * from mart.product_pareto(\(window))"),
            try section("Category share by month", "select * from mart.category_share_trend(\(window))"),
            try section("Returns by category", "select * from mart.category_returns(\(window))"),
            try section("Gateway categories", "select * from mart.gateway_categories($1::date)"),
        ]
    }
}

extension ReportTable {
    /// The rows whose `level` column is `level`, with the named columns, in order.
    fileprivate func rows(level: String, columns names: [String]) -> ReportTable {
        let indices = names.compactMap { columnIndex($0) }
        let levelIndex = columnIndex("level")
        return ReportTable(
            columns: indices.map { columns[$0] },
            rows: rows.filter { row in levelIndex.map { row[$0] == level } ?? false }.map { row in indices.map { row[$0] } })
    }
}
