/// The SVG frame every chart shares: a 640-unit-wide view box that scales to
/// its container, the title and description, the plot area and its axes.
struct ChartCanvas {
    static let width = 640.0
    let info: ChartInfo
    var height = 340.0
    var left = 64.0
    var right = 16.0
    var top = 40.0
    var bottom = 56.0
    var body: [String] = []

    init(_ info: ChartInfo, height: Double = 340, left: Double = 64, right: Double = 16, bottom: Double = 56) {
        self.info = info
        self.height = height
        self.left = left
        self.right = right
        self.bottom = bottom
    }

    var plotLeft: Double { left }
    var plotRight: Double { Self.width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    mutating func add(_ element: String) { body.append(element) }

    /// Horizontal grid lines and value labels for a vertical value axis.
    mutating func valueAxisY(_ scale: LinearScale, unit: ChartUnit, side: Side = .left) {
        for tick in scale.ticks() {
            let y = Markup.coordinate(scale.position(tick))
            if side == .left {
                add(#"<line class="grid" x1="\#(Markup.coordinate(plotLeft))" y1="\#(y)" x2="\#(Markup.coordinate(plotRight))" y2="\#(y)"/>"#)
                add(text(unit.tick(tick), x: plotLeft - 6, y: scale.position(tick) + 4, anchor: "end"))
            } else {
                add(text(unit.tick(tick), x: plotRight + 6, y: scale.position(tick) + 4, anchor: "start"))
            }
        }
    }

    /// Vertical grid lines and value labels for a horizontal value axis.
    mutating func valueAxisX(_ scale: LinearScale, unit: ChartUnit) {
        for tick in scale.ticks() {
            let x = Markup.coordinate(scale.position(tick))
            add(#"<line class="grid" x1="\#(x)" y1="\#(Markup.coordinate(plotTop))" x2="\#(x)" y2="\#(Markup.coordinate(plotBottom))"/>"#)
            add(text(unit.tick(tick), x: scale.position(tick), y: plotBottom + 16, anchor: "middle"))
        }
    }

    enum Side { case left, right }

    /// The axis titles: x below the plot, y rotated beside it.
    mutating func axisTitles(rightLabel: String? = nil) {
        add(text(info.xLabel, x: (plotLeft + plotRight) / 2, y: height - 8, anchor: "middle", className: "axis-title"))
        let middle = Markup.coordinate((plotTop + plotBottom) / 2)
        add(#"<text class="axis-title" transform="translate(14 \#(middle)) rotate(-90)" text-anchor="middle">\#(Markup.escape(info.yLabel))</text>"#)
        if let rightLabel {
            let x = Markup.coordinate(Self.width - 6)
            add(#"<text class="axis-title" transform="translate(\#(x) \#(middle)) rotate(90)" text-anchor="middle">\#(Markup.escape(rightLabel))</text>"#)
        }
    }

    /// Series names with their colour, in a row above the plot.
    mutating func legend(_ entries: [(name: String, color: String, dashed: Bool)]) {
        var x = plotLeft
        for entry in entries {
            let dash = entry.dashed ? #" stroke-dasharray="5 3""# : ""
            add(#"<line class="legend-key" x1="\#(Markup.coordinate(x))" y1="24" x2="\#(Markup.coordinate(x + 18))" y2="24" stroke="\#(entry.color)" stroke-width="4"\#(dash)/>"#)
            add(text(entry.name, x: x + 22, y: 28, anchor: "start", className: "legend"))
            x += 34 + Double(entry.name.count) * 6.5
        }
    }

    func text(_ content: String, x: Double, y: Double, anchor: String, className: String = "tick") -> String {
        #"<text class="\#(className)" x="\#(Markup.coordinate(x))" y="\#(Markup.coordinate(y))" text-anchor="\#(anchor)">\#(Markup.escape(content))</text>"#
    }

    /// The finished element: it scales with its container's width.
    func svg() -> String {
        let titleID = "\(info.id)-title"
        let descID = "\(info.id)-desc"
        var lines = [
            #"<svg class="chart" id="\#(info.id)" viewBox="0 0 \#(Markup.coordinate(Self.width)) \#(Markup.coordinate(height))" role="img" aria-labelledby="\#(titleID) \#(descID)">"#,
            #"<title id="\#(titleID)">\#(Markup.escape(info.title))</title>"#,
            #"<desc id="\#(descID)">\#(Markup.escape(info.description))</desc>"#,
            text(info.title, x: 4, y: 14, anchor: "start", className: "chart-title"),
        ]
        lines += body
        lines.append(#"<line class="axis" x1="\#(Markup.coordinate(plotLeft))" y1="\#(Markup.coordinate(plotBottom))" x2="\#(Markup.coordinate(plotRight))" y2="\#(Markup.coordinate(plotBottom))"/>"#)
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}
