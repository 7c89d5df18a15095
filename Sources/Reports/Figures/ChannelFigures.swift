/// Channel mix: each channel's share of revenue, orders and customers as
/// 100 % stacked bars; single- against multichannel customers as bars.
enum ChannelFigures {
    static func charts(_ figure: FigureSection) -> [any Chart] {
        if figure.first == "channel", figure.has("revenue", "orders", "customers"), figure.lacks("month", "hour") {
            let channels = figure.texts("channel")
            let measures = ["revenue", "orders", "customers"]
            return [
                StackedBarChart(
                    info: figure.info(
                        "mix", "Channel mix of revenue, orders and customers",
                        "Each channel's share of revenue, of orders and of customers (a customer counts in every channel used).",
                        x: "", y: "Share (%)"),
                    categories: ["Revenue", "Orders", "Customers"],
                    series: channels.indices.map { row in
                        .init(name: channels[row], values: measures.map { figure.values($0)[row] })
                    },
                    unit: .percent, normalized: true)
            ]
        }
        if figure.first == "channel_usage", figure.has("revenue_per_customer") {
            return [
                BarChart(
                    info: figure.info(
                        "usage", "Revenue per customer, single- and multichannel",
                        "Revenue per customer of customers buying in one channel and in several.",
                        x: "Revenue per customer (\(figure.currency))", y: "Channels used"),
                    categories: figure.texts("channel_usage"),
                    series: [.init(name: "Revenue per customer", values: figure.values("revenue_per_customer"))],
                    unit: figure.money)
            ]
        }
        return []
    }
}
