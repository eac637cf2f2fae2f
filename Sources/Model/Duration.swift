import Foundation

/// A span of time written like `30m`, `24h`, `7d` (also `s` and `w`; bare numbers are seconds).
public struct TimeSpan: Sendable, Hashable, CustomStringConvertible {
    public var seconds: TimeInterval
    public init(seconds: TimeInterval) { self.seconds = seconds }

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last else { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        let (number, unit): (Substring, Double)
        if let u = units[last] { (number, unit) = (trimmed.dropLast(), u) } else { (number, unit) = (Substring(trimmed), 1) }
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        seconds = value * unit
    }

    public var description: String {
        let s = Int(seconds)
        if s % 86_400 == 0, s > 0 { return "\(s / 86_400)d" }
        if s % 3600 == 0, s > 0 { return "\(s / 3600)h" }
        if s % 60 == 0, s > 0 { return "\(s / 60)m" }
        return "\(s)s"
    }
}

/// ISO 8601 in UTC with whole seconds (`2019-11-18T06:05:00Z`): the one date format of every JSON output.
public enum ISODate {
    public static func string(_ date: Date) -> String {
        date.ISO8601Format()
    }
}
