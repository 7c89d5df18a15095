/// Predicted CLV per value tier and per RFM segment as bars.
enum CLVFigures {
    static func charts(tiers: ReportTable, segments: ReportTable?, currency: String) -> [any Chart] {
        var charts: [any Chart] = []
        if tiers.columnIndex("average_predicted_clv") != nil {
            charts.append(
                BarChart(
                    info: ChartInfo(
                        id: "pack-clv-tiers", title: "Average predicted CLV by value tier",
                        description: "Average predicted customer lifetime value of each value tier's customers.",
                        xLabel: "Average predicted CLV (\(currency))", yLabel: "Value tier"),
                    categories: tiers.values("value_tier").map { $0 ?? "" },
                    series: [.init(name: "Average predicted CLV", values: tiers.values("average_predicted_clv"))],
                    unit: .money(currency: currency)))
        }
        if let segments, segments.columnIndex("average_predicted_clv") != nil {
            charts.append(
                BarChart(
                    info: ChartInfo(
                        id: "pack-clv-segments", title: "Average predicted CLV by RFM segment",
                        description: "Average predicted customer lifetime value of each RFM segment's customers, highest first.",
                        xLabel: "Average predicted CLV (\(currency))", yLabel: "RFM segment"),
                    categories: segments.values("segment").map { $0 ?? "" },
                    series: [.init(name: "Average predicted CLV", values: segments.values("average_predicted_clv"))],
                    unit: .money(currency: currency), ranked: true))
        }
        return charts
    }
}
