import Foundation
import Model

/// Plain column layout for the readable outputs, with long cells cut to keep lines short.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// The widest a column may be; longer cells end with an ellipsis.
    var maxWidths: [Int]

    init(_ headers: [String], maxWidths: [Int]) { self.headers = headers; self.maxWidths = maxWidths }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        func cut(_ s: String, _ width: Int) -> String {
            let flat = s.replacingOccurrences(of: "\n", with: " ")
            return flat.count <= width ? flat : String(flat.prefix(max(1, width - 1))) + "…"
        }
        let cells = ([headers] + rows).map { row in row.enumerated().map { cut($0.element, maxWidths[$0.offset]) } }
        let widths = headers.indices.map { i in cells.map { $0[i].count }.max() ?? 0 }
        return cells.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

extension TextTable {
    /// The readable listing of stories: outlets, first seen, first outlet, title.
    static func stories(_ stories: [Story]) -> String {
        var table = TextTable(["OUTLETS", "FIRST SEEN", "FIRST BY", "TITLE"], maxWidths: [7, 16, 24, 80])
        for s in stories { table.add([String(s.outletCount), s.firstSeen.tableLabel, s.firstOutlet ?? "", s.title]) }
        return table.render()
    }
}

extension Date {
    /// `2026-11-27 14:05` in UTC, for tables.
    var tableLabel: String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: self)
    }
}
