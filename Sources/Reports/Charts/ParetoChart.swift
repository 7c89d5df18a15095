/// Bars of each category's value in the order given (largest first), with
/// the cumulative share of the total as a line on a 0–100 % axis at the right.
public struct ParetoChart: Chart {
    public var info: ChartInfo
    public var categories: [String]
    public var values: [String?]
    public var unit: ChartUnit
    /// Exact cumulative shares when the report has them; else computed from the values.
    public var cumulativeShares: [String?]?
    public var cumulativeLabel: String

    public init(
        info: ChartInfo, categories: [String], values: [String?], unit: ChartUnit, cumulativeShares: [String?]? = nil,
        cumulativeLabel: String = "Cumulative share (%)"
    ) {
        self.info = info
        self.categories = categories
        self.values = values
        self.unit = unit
        self.cumulativeShares = cumulativeShares
        self.cumulativeLabel = cumulativeLabel
    }

    /// The cumulative shares as drawn: given, or running sums over the total.
    var shares: [String?] {
        if let cumulativeShares { return cumulativeShares }
        let numbers = values.map { plotted($0) ?? 0 }
        let total = numbers.reduce(0, +)
        var running = 0.0
        return numbers.map { value in
            running += value
            return total == 0 ? nil : ChartUnit.trimmed(running / total, digits: 4)
        }
    }

    public func svg() -> String {
        let longest = Double(categories.map(\.count).max() ?? 4)
        let slanted = Double(categories.count) * (longest * 6.5 + 8) > 560
        var canvas = ChartCanvas(info, right: 56, bottom: slanted ? 40 + min(longest, 22) * 5.2 : 56)
        canvas.height += slanted ? canvas.bottom - 56 : 0
        // A category with a negative value (a tier whose returns exceed its sales) sits on the
        // zero line: the scale, shared with the cumulative share, starts at zero.
        let y = LinearScale(
            domain: LinearScale.niceDomain(values.compactMap(plotted).map { max($0, 0) }),
            range: (canvas.plotBottom, canvas.plotTop))
        let share = LinearScale(domain: (0, 1), range: (canvas.plotBottom, canvas.plotTop))
        canvas.valueAxisY(y, unit: unit)
        canvas.valueAxisY(share, unit: .percent, side: .right)
        let band = (canvas.plotRight - canvas.plotLeft) / Double(max(categories.count, 1))
        var points: [String] = []
        for (index, category) in categories.enumerated() {
            let center = canvas.plotLeft + band * (Double(index) + 0.5)
            if let value = plotted(values[safe: index] ?? nil) {
                let top = y.position(max(value, 0))
                let height = max(y.position(0) - top, 0.5)
                canvas.add(
                    #"<rect class="mark" x="\#(Markup.coordinate(center - band * 0.4))" y="\#(Markup.coordinate(top))" width="\#(Markup.coordinate(band * 0.8))" height="\#(Markup.coordinate(height))" fill="\#(ChartPalette.color(0))"><title>\#(Markup.escape("\(category): \(unit.tick(value))"))</title></rect>"#)
            }
            if let cumulative = plotted(shares[safe: index] ?? nil) {
                points.append("\(Markup.coordinate(center)),\(Markup.coordinate(share.position(cumulative)))")
                canvas.add(#"<circle class="mark" cx="\#(Markup.coordinate(center))" cy="\#(Markup.coordinate(share.position(cumulative)))" r="3" fill="\#(ChartPalette.color(1))"/>"#)
            }
            if slanted {
                let x = Markup.coordinate(center)
                let yText = Markup.coordinate(canvas.plotBottom + 12)
                canvas.add(#"<text class="tick" transform="translate(\#(x) \#(yText)) rotate(-40)" text-anchor="end">\#(Markup.escape(category))</text>"#)
            } else {
                canvas.add(canvas.text(category, x: center, y: canvas.plotBottom + 16, anchor: "middle"))
            }
        }
        if points.count > 1 {
            canvas.add(#"<polyline class="mark" fill="none" stroke="\#(ChartPalette.color(1))" stroke-width="2.5" points="\#(points.joined(separator: " "))"/>"#)
        }
        canvas.legend([(info.yLabel, ChartPalette.color(0), false), (cumulativeLabel, ChartPalette.color(1), false)])
        canvas.axisTitles(rightLabel: cumulativeLabel)
        return canvas.svg()
    }

    public func dataTable() -> ReportTable {
        ReportTable(
            columns: [.init(info.xLabel, .text), .init(info.yLabel, .number), .init(cumulativeLabel, .number)],
            rows: categories.indices.map { [categories[$0], values[safe: $0] ?? nil, shares[safe: $0] ?? nil] })
    }
}
