/// Lines over ordered categories (months), one per series; a reference
/// series (the previous year) is drawn dashed and grey.
public struct LineChart: Chart {
    public struct Series: Sendable {
        public var name: String
        /// Exact values, one per category; nil leaves a gap.
        public var values: [String?]
        public var isReference: Bool

        public init(name: String, values: [String?], isReference: Bool = false) {
            self.name = name
            self.values = values
            self.isReference = isReference
        }
    }

    public var info: ChartInfo
    public var categories: [String]
    public var series: [Series]
    public var unit: ChartUnit
    /// Whether the value axis starts at zero (counts, revenue) or fits the data (retention curves may not).
    public var includeZero: Bool

    public init(info: ChartInfo, categories: [String], series: [Series], unit: ChartUnit, includeZero: Bool = true) {
        self.info = info
        self.categories = categories
        self.series = series
        self.unit = unit
        self.includeZero = includeZero
    }

    public func svg() -> String {
        var canvas = ChartCanvas(info)
        let values = series.flatMap { $0.values.compactMap(plotted) }
        let domain = LinearScale.niceDomain(values, includeZero: includeZero)
        let y = LinearScale(domain: domain, range: (canvas.plotBottom, canvas.plotTop))
        let x = CategoryPoints(count: categories.count, start: canvas.plotLeft, end: canvas.plotRight)
        canvas.valueAxisY(y, unit: unit)
        x.labels(categories, on: &canvas)
        for (index, line) in series.enumerated() {
            let color = line.isReference ? "#888888" : ChartPalette.color(index)
            let dash = line.isReference ? #" stroke-dasharray="5 3""# : ""
            for run in Self.runs(line.values) {
                let points = run.map { "\(Markup.coordinate(x.position($0.index))),\(Markup.coordinate(y.position($0.value)))" }
                if points.count == 1 {
                    let (cx, cy) = (x.position(run[0].index), y.position(run[0].value))
                    canvas.add(#"<circle class="mark" cx="\#(Markup.coordinate(cx))" cy="\#(Markup.coordinate(cy))" r="3" fill="\#(color)"/>"#)
                } else {
                    canvas.add(#"<polyline class="mark" fill="none" stroke="\#(color)" stroke-width="2.5"\#(dash) points="\#(points.joined(separator: " "))"/>"#)
                }
            }
        }
        canvas.legend(series.enumerated().map { ($1.name, $1.isReference ? "#888888" : ChartPalette.color($0), $1.isReference) })
        canvas.axisTitles()
        return canvas.svg()
    }

    /// Consecutive plotted points; a missing value breaks the line.
    static func runs(_ values: [String?]) -> [[(index: Int, value: Double)]] {
        var runs: [[(index: Int, value: Double)]] = []
        var current: [(index: Int, value: Double)] = []
        for (index, text) in values.enumerated() {
            if let value = plotted(text) {
                current.append((index, value))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    public func dataTable() -> ReportTable {
        ReportTable(
            columns: [.init(info.xLabel, .text)] + series.map { .init($0.name, .number) },
            rows: categories.indices.map { row in [categories[row]] + series.map { row < $0.values.count ? $0.values[row] : nil } })
    }
}

/// Evenly spaced category positions along x, with labels thinned so they do not collide.
struct CategoryPoints {
    let count: Int
    let start: Double
    let end: Double

    func position(_ index: Int) -> Double {
        count <= 1 ? (start + end) / 2 : start + Double(index) / Double(count - 1) * (end - start)
    }

    func labels(_ names: [String], on canvas: inout ChartCanvas) {
        let longest = Double(names.map(\.count).max() ?? 1)
        let room = max(1, Int(((end - start) / (longest * 6.5 + 8)).rounded(.down)))
        let every = max(1, Int((Double(names.count) / Double(room)).rounded(.up)))
        for (index, name) in names.enumerated() where index % every == 0 || index == names.count - 1 && every == 1 {
            canvas.add(canvas.text(name, x: position(index), y: canvas.plotBottom + 16, anchor: "middle"))
        }
    }
}
