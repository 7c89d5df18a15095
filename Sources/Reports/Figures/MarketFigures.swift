import Foundation

/// Markets as ranked bars: revenue per country, and the ten cities with
/// the most revenue (the report's rows split each further by acquisition channel).
enum MarketFigures {
    static let topCities = 10

    static func charts(_ figure: FigureSection) -> [any Chart] {
        guard figure.first == "country", figure.has("city", "revenue") else { return [] }
        let countries = figure.texts("country")
        let cities = figure.texts("city")
        let revenue = figure.values("revenue")
        func sums(_ keys: [String]) -> (order: [String], totals: [String: Decimal]) {
            var order: [String] = []
            var totals: [String: Decimal] = [:]
            for index in keys.indices {
                if totals[keys[index]] == nil { order.append(keys[index]) }
                totals[keys[index], default: 0] += DecimalText.decimal(revenue[index]) ?? 0
            }
            return (order, totals)
        }
        let byCountry = sums(countries)
        let byCity = sums(cities.indices.map { "\(cities[$0]) (\(countries[$0]))" })
        let cityOrder = byCity.order.enumerated().sorted {
            let (a, b) = (byCity.totals[$0.element]!, byCity.totals[$1.element]!)
            return a != b ? a > b : $0.offset < $1.offset
        }.prefix(topCities).map(\.element)
        return [
            BarChart(
                info: figure.info(
                    "countries", "Revenue by country", "Revenue of each country in the window, largest first.",
                    x: "Revenue (\(figure.currency))", y: "Country"),
                categories: byCountry.order,
                series: [.init(name: "Revenue", values: byCountry.order.map { DecimalText.text(byCountry.totals[$0]!) })],
                unit: figure.money, ranked: true),
            BarChart(
                info: figure.info(
                    "cities", "Top \(topCities) cities by revenue", "The cities with the most revenue in the window.",
                    x: "Revenue (\(figure.currency))", y: "City"),
                categories: cityOrder,
                series: [.init(name: "Revenue", values: cityOrder.map { DecimalText.text(byCity.totals[$0]!) })],
                unit: figure.money, ranked: true),
        ]
    }
}
