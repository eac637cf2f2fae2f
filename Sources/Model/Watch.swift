import Foundation

/// A tracked topic: a boolean query and where its alerts go.
public struct Watch: Sendable, Hashable, Codable {
    public var name: String
    public var query: String
    public var emails: [String]
    public var webhook: String?
    public init(name: String, query: String, emails: [String] = [], webhook: String? = nil) {
        self.name = name; self.query = query; self.emails = emails; self.webhook = webhook
    }
}

/// Why an alert was raised: a story newly matching a watch, or its coverage crossing a threshold.
public enum AlertKind: Sendable, Hashable, Codable {
    case newStory
    case coverage(outlets: Int)

    /// Stable text form kept in the outbox (`new`, `coverage:20`).
    public var code: String {
        switch self {
        case .newStory: return "new"
        case .coverage(let n): return "coverage:\(n)"
        }
    }

    public init?(code: String) {
        if code == "new" { self = .newStory; return }
        if code.hasPrefix("coverage:"), let n = Int(code.dropFirst("coverage:".count)) { self = .coverage(outlets: n); return }
        return nil
    }
}

/// One (watch, story) alert in the outbox.
public struct Alert: Sendable, Hashable, Codable {
    public var id: Int64
    public var watchName: String
    public var storyID: Int64
    /// The item that raised it; nil for coverage follow-ups.
    public var itemID: Int64?
    public var kind: AlertKind
    public var created: Date
    public var sent: Date?
    public init(id: Int64, watchName: String, storyID: Int64, itemID: Int64?, kind: AlertKind, created: Date, sent: Date? = nil) {
        self.id = id; self.watchName = watchName; self.storyID = storyID; self.itemID = itemID; self.kind = kind
        self.created = created; self.sent = sent
    }
}
