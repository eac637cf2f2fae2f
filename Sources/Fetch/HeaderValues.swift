import Foundation
import CCurl

/// Parsing of the response header values the scheduler uses.
public enum HeaderValues {
    /// `max-age` from a Cache-Control value, in seconds; nil when absent, malformed, or overridden by
    /// `no-cache` / `no-store` (which say nothing about how long to wait).
    public static func maxAge(cacheControl: String) -> TimeInterval? {
        var maxAge: TimeInterval?
        for directive in cacheControl.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            switch parts[0] {
            case "no-cache", "no-store": return nil
            case "max-age" where parts.count == 2:
                if let seconds = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))), seconds >= 0 {
                    maxAge = TimeInterval(seconds)
                }
            default: continue
            }
        }
        return maxAge
    }

    /// Retry-After as seconds from `now`: either delta-seconds or an HTTP date. Dates in the past give 0.
    public static func retryAfter(_ value: String, now: Date) -> TimeInterval? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? TimeInterval(seconds) : nil }
        let epoch = curl_getdate(trimmed, nil)
        guard epoch >= 0 else { return nil }
        return max(0, TimeInterval(epoch) - now.timeIntervalSince1970)
    }
}
