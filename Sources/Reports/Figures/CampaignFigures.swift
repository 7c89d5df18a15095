import Foundation

/// Campaign uplift with its 95 % interval (the latest campaigns with a
/// control group), and response rate by segment or tier over all campaigns.
enum CampaignFigures {
    static let latestCampaigns = 15

    static func charts(_ figure: FigureSection) -> [any Chart] {
        guard figure.first == "campaign_code", figure.has("treatment_customers", "responded") else { return [] }
        if let split = ["segment", "value_tier"].first(where: { figure.names.contains($0) }) {
            return [responseBy(split, figure)]
        }
        guard figure.has("response_uplift_rate", "response_uplift_low_rate", "response_uplift_high_rate") else { return [] }
        let codes = figure.texts("campaign_code")
        let uplift = figure.values("response_uplift_rate")
        let withControl = codes.indices.filter { uplift[$0] != nil }.suffix(latestCampaigns)
        func estimates(_ column: String, _ low: String, _ high: String) -> [IntervalChart.Estimate] {
            withControl.map {
                .init(category: figure.campaign(codes[$0]), estimate: figure.values(column)[$0], low: figure.values(low)[$0],
                      high: figure.values(high)[$0])
            }
        }
        var charts: [any Chart] = [
            IntervalChart(
                info: figure.info(
                    "uplift", "Response uplift over the control group",
                    "Treatment minus control response rate of the latest campaigns with a control group, with 95 % intervals.",
                    x: "Response uplift (percentage points)", y: "Campaign"),
                estimates: estimates("response_uplift_rate", "response_uplift_low_rate", "response_uplift_high_rate"),
                unit: .percent, estimateLabel: "Uplift"),
        ]
        if figure.has("revenue_uplift", "revenue_uplift_low", "revenue_uplift_high") {
            charts.append(
                IntervalChart(
                    info: figure.info(
                        "revenue-uplift", "Revenue uplift per customer",
                        "Treatment minus control revenue per customer of the latest campaigns with a control group, with 95 % intervals.",
                        x: "Revenue uplift per customer (\(figure.currency))", y: "Campaign"),
                    estimates: estimates("revenue_uplift", "revenue_uplift_low", "revenue_uplift_high"),
                    unit: figure.money, estimateLabel: "Uplift"))
        }
        return charts
    }

    /// Responders over contacted customers per segment, summed over campaigns.
    static func responseBy(_ split: String, _ figure: FigureSection) -> any Chart {
        var order: [String] = []
        var totals: [String: (contacted: Decimal, responded: Decimal)] = [:]
        let groups = figure.texts(split)
        let contacted = figure.values("treatment_customers")
        let responded = figure.values("responded")
        for index in groups.indices {
            let key = groups[index]
            if totals[key] == nil { order.append(key) }
            let sum = totals[key] ?? (0, 0)
            totals[key] = (
                sum.contacted + (DecimalText.decimal(contacted[index]) ?? 0),
                sum.responded + (DecimalText.decimal(responded[index]) ?? 0)
            )
        }
        let label = split == "segment" ? "RFM segment" : "Value tier"
        let noun = split == "segment" ? "RFM segment" : "value tier"
        return BarChart(
            info: figure.info(
                "response-\(split)", "Response rate by \(noun), all campaigns",
                "Responders over contacted customers per \(noun) the day before each campaign, over all campaigns.",
                x: "Response rate (%)", y: label),
            categories: order,
            series: [.init(name: "Response rate", values: order.map { DecimalText.ratio(totals[$0]!.responded, totals[$0]!.contacted) })],
            unit: .percent, ranked: true)
    }
}
