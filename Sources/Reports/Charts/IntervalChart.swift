/// A point estimate per category with its interval as a whisker, on a
/// horizontal value axis with the zero line marked (uplift, response).
public struct IntervalChart: Chart {
    public struct Estimate: Sendable {
        public var category: String
        public var estimate: String?
        public var low: String?
        public var high: String?

        public init(category: String, estimate: String?, low: String?, high: String?) {
            self.category = category
            self.estimate = estimate
            self.low = low
            self.high = high
        }
    }

    public var info: ChartInfo
    public var estimates: [Estimate]
    public var unit: ChartUnit
    public var estimateLabel: String

    public init(info: ChartInfo, estimates: [Estimate], unit: ChartUnit, estimateLabel: String = "Estimate") {
        self.info = info
        self.estimates = estimates
        self.unit = unit
        self.estimateLabel = estimateLabel
    }

    public func svg() -> String {
        let rowHeight = 22.0
        let longest = Double(estimates.map(\.category.count).max() ?? 4)
        var canvas = ChartCanvas(
            info, height: 40 + 56 + rowHeight * Double(max(estimates.count, 1)), left: min(240, 30 + longest * 6.5))
        let values = estimates.flatMap { [$0.estimate, $0.low, $0.high].compactMap(plotted) }
        let x = LinearScale(domain: LinearScale.niceDomain(values), range: (canvas.plotLeft, canvas.plotRight))
        canvas.valueAxisX(x, unit: unit)
        let zero = Markup.coordinate(x.position(0))
        canvas.add(##"<line class="zero" x1="\##(zero)" y1="\##(Markup.coordinate(canvas.plotTop))" x2="\##(zero)" y2="\##(Markup.coordinate(canvas.plotBottom))" stroke="#444"/>"##)
        for (row, item) in estimates.enumerated() {
            let middle = canvas.plotTop + rowHeight * (Double(row) + 0.5)
            canvas.add(canvas.text(item.category, x: canvas.plotLeft - 6, y: middle + 4, anchor: "end"))
            if let low = plotted(item.low), let high = plotted(item.high) {
                canvas.add(
                    #"<line class="mark" x1="\#(Markup.coordinate(x.position(low)))" y1="\#(Markup.coordinate(middle))" x2="\#(Markup.coordinate(x.position(high)))" y2="\#(Markup.coordinate(middle))" stroke="\#(ChartPalette.color(0))" stroke-width="2"/>"#)
                for end in [low, high] {
                    canvas.add(
                        #"<line class="mark" x1="\#(Markup.coordinate(x.position(end)))" y1="\#(Markup.coordinate(middle - 5))" x2="\#(Markup.coordinate(x.position(end)))" y2="\#(Markup.coordinate(middle + 5))" stroke="\#(ChartPalette.color(0))" stroke-width="2"/>"#)
                }
            }
            if let estimate = plotted(item.estimate) {
                canvas.add(
                    #"<circle class="mark" cx="\#(Markup.coordinate(x.position(estimate)))" cy="\#(Markup.coordinate(middle))" r="4.5" fill="\#(ChartPalette.color(5))"><title>\#(Markup.escape("\(item.category): \(unit.tick(estimate))"))</title></circle>"#)
            }
        }
        canvas.legend([(estimateLabel, ChartPalette.color(5), false), ("95 % interval", ChartPalette.color(0), false)])
        canvas.axisTitles()
        return canvas.svg()
    }

    public func dataTable() -> ReportTable {
        ReportTable(
            columns: [.init(info.yLabel, .text), .init(estimateLabel, .number), .init("Low (95 %)", .number), .init("High (95 %)", .number)],
            rows: estimates.map { [$0.category, $0.estimate, $0.low, $0.high] })
    }
}
