/// Horizontal bars, one row per category and one bar per series in it;
/// `ranked` sorts the rows by the first series, largest first. Long
/// category names (segments, cities) stay readable on a narrow screen.
public struct BarChart: Chart {
    public struct Series: Sendable {
        public var name: String
        public var values: [String?]

        public init(name: String, values: [String?]) {
            self.name = name
            self.values = values
        }
    }

    public var info: ChartInfo
    public var categories: [String]
    public var series: [Series]
    public var unit: ChartUnit
    public var ranked: Bool

    public init(info: ChartInfo, categories: [String], series: [Series], unit: ChartUnit, ranked: Bool = false) {
        self.info = info
        self.categories = categories
        self.series = series
        self.unit = unit
        self.ranked = ranked
    }

    /// Row order: as given, or by the first series descending (ties keep their order).
    var order: [Int] {
        guard ranked, let first = series.first else { return Array(categories.indices) }
        return categories.indices.sorted { a, b in
            let (va, vb) = (plotted(first.values[safe: a] ?? nil) ?? -.infinity, plotted(first.values[safe: b] ?? nil) ?? -.infinity)
            return va != vb ? va > vb : a < b
        }
    }

    public func svg() -> String {
        let bandHeight = Double(max(series.count, 1)) * 12 + 10
        let longest = Double(categories.map(\.count).max() ?? 4)
        var canvas = ChartCanvas(
            info, height: 40 + 56 + bandHeight * Double(max(categories.count, 1)), left: min(220, 30 + longest * 6.5))
        let values = series.flatMap { $0.values.compactMap(plotted) }
        let x = LinearScale(domain: LinearScale.niceDomain(values), range: (canvas.plotLeft, canvas.plotRight))
        canvas.valueAxisX(x, unit: unit)
        let zero = x.position(0)
        for (row, category) in order.enumerated() {
            let bandTop = canvas.plotTop + Double(row) * bandHeight
            canvas.add(canvas.text(categories[category], x: canvas.plotLeft - 6, y: bandTop + bandHeight / 2 + 4, anchor: "end"))
            for (index, line) in series.enumerated() {
                guard let value = plotted(line.values[safe: category] ?? nil) else { continue }
                let end = x.position(value)
                let barTop = bandTop + 5 + Double(index) * 12
                canvas.add(
                    #"<rect class="mark" x="\#(Markup.coordinate(min(zero, end)))" y="\#(Markup.coordinate(barTop))" width="\#(Markup.coordinate(max(abs(end - zero), 0.5)))" height="11" fill="\#(ChartPalette.color(index))"><title>\#(Markup.escape("\(categories[category]), \(line.name): \(unit.tick(value))"))</title></rect>"#)
            }
        }
        if series.count > 1 { canvas.legend(series.enumerated().map { ($1.name, ChartPalette.color($0), false) }) }
        canvas.axisTitles()
        return canvas.svg()
    }

    public func dataTable() -> ReportTable {
        ReportTable(
            columns: [.init(info.yLabel, .text)] + series.map { .init($0.name, .number) },
            rows: order.map { row in [categories[row]] + series.map { $0.values[safe: row] ?? nil } })
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
