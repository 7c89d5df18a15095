/// Vertical bars per category (a month, a forecast step), each stacked from
/// its series (tiers, channels); `normalized` stacks shares to 100 %.
public struct StackedBarChart: Chart {
    public var info: ChartInfo
    public var categories: [String]
    public var series: [BarChart.Series]
    public var unit: ChartUnit
    public var normalized: Bool

    public init(
        info: ChartInfo, categories: [String], series: [BarChart.Series], unit: ChartUnit, normalized: Bool = false
    ) {
        self.info = info
        self.categories = categories
        self.series = series
        self.unit = unit
        self.normalized = normalized
    }

    /// Each category's values as drawn: negatives count as zero.
    func stack(_ index: Int) -> [Double] {
        let raw = series.map { max(plotted($0.values[safe: index] ?? nil) ?? 0, 0) }
        let total = raw.reduce(0, +)
        return normalized ? raw.map { total == 0 ? 0 : $0 / total } : raw
    }

    public func svg() -> String {
        var canvas = ChartCanvas(info)
        let totals = categories.indices.map { stack($0).reduce(0, +) }
        let domain = normalized ? (0.0, 1.0) : LinearScale.niceDomain(totals)
        let y = LinearScale(domain: domain, range: (canvas.plotBottom, canvas.plotTop))
        let axisUnit = normalized ? ChartUnit.percent : unit
        canvas.valueAxisY(y, unit: axisUnit)
        let band = (canvas.plotRight - canvas.plotLeft) / Double(max(categories.count, 1))
        let points = CategoryPoints(count: categories.count, start: canvas.plotLeft + band / 2, end: canvas.plotRight - band / 2)
        points.labels(categories, on: &canvas)
        for index in categories.indices {
            var base = 0.0
            for (layer, value) in stack(index).enumerated() where value > 0 {
                let top = y.position(base + value)
                let height = y.position(base) - top
                canvas.add(
                    #"<rect class="mark" x="\#(Markup.coordinate(points.position(index) - band * 0.4))" y="\#(Markup.coordinate(top))" width="\#(Markup.coordinate(band * 0.8))" height="\#(Markup.coordinate(max(height, 0.5)))" fill="\#(ChartPalette.color(layer))"><title>\#(Markup.escape("\(categories[index]), \(series[layer].name): \(axisUnit.tick(value))"))</title></rect>"#)
                base += value
            }
        }
        canvas.legend(series.enumerated().map { ($1.name, ChartPalette.color($0), false) })
        canvas.axisTitles()
        return canvas.svg()
    }

    public func dataTable() -> ReportTable {
        ReportTable(
            columns: [.init(info.xLabel, .text)] + series.map { .init($0.name, .number) },
            rows: categories.indices.map { row in [categories[row]] + series.map { $0.values[safe: row] ?? nil } })
    }
}
