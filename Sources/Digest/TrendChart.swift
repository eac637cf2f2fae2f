import Foundation

/// A watch's stories-per-day trend, measured once and drawn three ways: as inline SVG (HTML file),
/// as table-cell bars (mail, where SVG is not shown) and as a text bar chart.
struct TrendChart: Sendable {
    struct Bar: Sendable {
        let count: Int
        /// `7`, `1,234`, as the text chart prints it.
        let countLabel: String
        /// `7`, `12k`: short enough to sit above a bar.
        let shortCountLabel: String
        /// `Tue 24 Nov: 7 stories`, the bar's tooltip and text-chart label.
        let caption: String
        let shortDay: String
        let dayOfMonth: String
        let weekdayInitial: String
        let isWeekend: Bool
        let isLatest: Bool
        let hasStories: Bool

        // SVG geometry, in viewBox units.
        let x: String, y: String, barWidth: String, barHeight: String
        let labelX: String, valueY: String

        // Mail bars, in pixels, with their colour (mail clients ignore stylesheet classes on many platforms).
        let cellHeight: Int
        let mailColor: String
    }

    let bars: [Bar]
    let total: Int
    let peak: Int
    /// `13 Nov – 26 Nov`
    let rangeLabel: String
    /// `Stories per day · 13 Nov – 26 Nov`
    let heading: String
    /// `23 stories in 14 days, peak 7 on Tue 24 Nov`
    let summary: String
    /// Some day has stories (the text chart is drawn only then).
    let hasData: Bool
    /// There are days to draw at all.
    let hasDays: Bool
    // SVG frame and label rows (stored: templates read values through reflection).
    let width = TrendChart.svgWidth
    let height = TrendChart.svgHeight
    let baselineY = TrendChart.number(TrendChart.svgPlotTop + TrendChart.svgPlotHeight)
    let dayLabelY = TrendChart.number(TrendChart.svgPlotTop + TrendChart.svgPlotHeight + 17)
    let weekdayLabelY = TrendChart.number(TrendChart.svgPlotTop + TrendChart.svgPlotHeight + 36)

    static let svgWidth = 560
    static let svgPlotTop = 18.0
    static let svgPlotHeight = 92.0
    static let svgHeight = 158
    static let mailMaxHeight = 56

    init(days: [DigestReport.DayCount], dates: DigestDateFormat) {
        let peak = days.map(\.stories).max() ?? 0
        let total = days.reduce(0) { $0 + $1.stories }
        let slot = Double(Self.svgWidth) / Double(max(days.count, 1))
        let barWidth = min(slot * 0.64, 30)
        let baseline = Self.svgPlotTop + Self.svgPlotHeight
        self.peak = peak
        self.total = total
        self.hasData = total > 0
        self.hasDays = !days.isEmpty
        self.bars = days.enumerated().map { index, day in
            let fraction = peak > 0 ? Double(max(day.stories, 0)) / Double(peak) : 0
            let height = day.stories > 0 ? max(fraction * Self.svgPlotHeight, 3) : 1.5
            let x = Double(index) * slot + (slot - barWidth) / 2
            let cell = day.stories > 0 ? max(Int((fraction * Double(Self.mailMaxHeight)).rounded()), 3) : 1
            return Bar(
                count: day.stories,
                countLabel: groupedNumber(day.stories),
                shortCountLabel: compactNumber(day.stories),
                caption: "\(dates.shortDay(day.day)): \(counted(day.stories, "story", "stories"))",
                shortDay: dates.shortDay(day.day),
                dayOfMonth: dates.dayOfMonth(day.day),
                weekdayInitial: dates.weekdayInitial(day.day),
                isWeekend: dates.isWeekend(day.day),
                isLatest: index == days.count - 1,
                hasStories: day.stories > 0,
                x: Self.number(x), y: Self.number(baseline - height),
                barWidth: Self.number(barWidth), barHeight: Self.number(height),
                labelX: Self.number(x + barWidth / 2), valueY: Self.number(baseline - height - 5),
                cellHeight: cell,
                mailColor: day.stories == 0 ? "#cfd5dd" : (index == days.count - 1 ? "#b3261e" : "#35557f"))
        }
        if let first = days.first, let last = days.last {
            rangeLabel = "\(dates.dayMonth(first.day)) – \(dates.dayMonth(last.day))"
        } else {
            rangeLabel = ""
        }
        heading = rangeLabel.isEmpty ? "Stories per day" : "Stories per day · \(rangeLabel)"
        if total == 0 {
            summary = days.isEmpty ? "No trend data yet." : "No stories in the last \(days.count) days."
        } else {
            let peakDay = days.last(where: { $0.stories == peak }).map { dates.shortDay($0.day) } ?? ""
            summary = "\(counted(total, "story", "stories")) in \(days.count) days, peak \(groupedNumber(peak)) on \(peakDay)"
        }
    }


    /// One text line per day: `  Tue 24 Nov  ██████████              7`, bars at most `barColumns` wide.
    func textLines(indent: String = "  ", barColumns: Int = 30) -> [String] {
        let valueWidth = max(bars.map(\.countLabel.count).max() ?? 0, 4)
        return bars.map { bar in
            let length = peak > 0 && bar.count > 0 ? max(Int((Double(bar.count) / Double(peak) * Double(barColumns)).rounded()), 1) : 0
            let day = bar.shortDay.padding(toLength: 10, withPad: " ", startingAt: 0)
            let drawn = String(repeating: "█", count: length) + String(repeating: " ", count: barColumns - length)
            let value = String(repeating: " ", count: valueWidth - bar.countLabel.count) + bar.countLabel
            return "\(indent)\(day)  \(drawn) \(value)"
        }
    }

    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
