import Foundation

/// Dates as a digest shows them, in one time zone and in English whatever the machine's locale
/// (the templates are English): `Fri 27 Nov 2026, 06:05 UTC`.
struct DigestDateFormat: Sendable {
    let timeZone: TimeZone
    private let calendar: Calendar

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private func parts(_ date: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: date)
    }

    /// `UTC`, `CET`, or `UTC+05:30` when the zone has no common abbreviation.
    var zoneLabel: String {
        let offset = timeZone.secondsFromGMT()
        if offset == 0 { return "UTC" }
        if let abbreviation = timeZone.abbreviation(), abbreviation.allSatisfy(\.isLetter) { return abbreviation }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return String(format: "UTC%@%02d:%02d", sign, minutes / 60, minutes % 60)
    }

    /// `Fri 27 Nov 2026`
    func day(_ date: Date) -> String {
        let p = parts(date)
        return "\(Self.weekdays[(p.weekday ?? 1) - 1]) \(p.day ?? 1) \(Self.months[(p.month ?? 1) - 1]) \(p.year ?? 1970)"
    }

    /// `Fri 27 Nov`
    func shortDay(_ date: Date) -> String {
        let p = parts(date)
        return "\(Self.weekdays[(p.weekday ?? 1) - 1]) \(p.day ?? 1) \(Self.months[(p.month ?? 1) - 1])"
    }

    /// `27 Nov`
    func dayMonth(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.day ?? 1) \(Self.months[(p.month ?? 1) - 1])"
    }

    /// `27`
    func dayOfMonth(_ date: Date) -> String { "\(parts(date).day ?? 1)" }

    /// `F` (the weekday's initial, for chart axes)
    func weekdayInitial(_ date: Date) -> String { String(Self.weekdays[(parts(date).weekday ?? 1) - 1].prefix(1)) }

    /// Saturday or Sunday, drawn lighter on charts.
    func isWeekend(_ date: Date) -> Bool {
        let weekday = parts(date).weekday ?? 2
        return weekday == 1 || weekday == 7
    }

    /// `06:05`
    func time(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%02d:%02d", p.hour ?? 0, p.minute ?? 0)
    }

    /// `Fri 27 Nov, 06:05` (a story's first sighting)
    func moment(_ date: Date) -> String { "\(shortDay(date)), \(time(date))" }

    /// `Thu 26 Nov 2026, 07:00 – Fri 27 Nov 2026, 07:00 UTC`, shortened when both ends share a day.
    func period(from start: Date, to end: Date) -> String {
        if calendar.isDate(start, inSameDayAs: end) {
            return "\(day(start)), \(time(start))–\(time(end)) \(zoneLabel)"
        }
        return "\(day(start)), \(time(start)) – \(day(end)), \(time(end)) \(zoneLabel)"
    }

    /// `Fri 27 Nov 2026, 07:00 UTC`
    func stamp(_ date: Date) -> String { "\(day(date)), \(time(date)) \(zoneLabel)" }
}
