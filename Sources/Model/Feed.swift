import Foundation

/// A subscribed feed as the store keeps it: where it lives, what the server last told us, and when to look again.
public struct Feed: Sendable, Hashable, Codable {
    public var id: Int64
    public var url: String
    public var title: String?
    public var siteLink: String?
    /// Validators from the last 200 response, sent back as If-None-Match / If-Modified-Since.
    public var etag: String?
    public var lastModified: String?
    /// When the feed is next due; `run` fetches only feeds whose time has come.
    public var nextCheck: Date
    /// The polling interval the scheduler settled on after the last successful fetch, in seconds.
    public var intervalSeconds: Double
    /// The last fetch sent without validators (a guard against servers that answer 304 forever).
    public var lastUnconditionalFetch: Date?
    /// A permanent redirect target seen on the last fetch; adopted as `url` when seen twice in a row.
    public var pendingRedirect: String?
    public var health: FeedHealth

    public init(id: Int64, url: String, title: String? = nil, siteLink: String? = nil, etag: String? = nil,
                lastModified: String? = nil, nextCheck: Date = .distantPast, intervalSeconds: Double = 3600,
                lastUnconditionalFetch: Date? = nil, pendingRedirect: String? = nil, health: FeedHealth = FeedHealth()) {
        self.id = id; self.url = url; self.title = title; self.siteLink = siteLink; self.etag = etag
        self.lastModified = lastModified; self.nextCheck = nextCheck; self.intervalSeconds = intervalSeconds
        self.lastUnconditionalFetch = lastUnconditionalFetch; self.pendingRedirect = pendingRedirect; self.health = health
    }

    /// The name shown for the outlet: the feed's title, else its host, else its URL.
    public var outletName: String {
        if let title, !title.isEmpty { return title }
        return URLComponents(string: url)?.host ?? url
    }
}

/// How a feed has been doing: what `feeds list` and the digest's health section show.
public struct FeedHealth: Sendable, Hashable, Codable {
    public var lastStatus: Int?
    /// The last failure as a sentence a person can act on, nil after a success.
    public var lastError: String?
    public var consecutiveFailures: Int
    public var lastChecked: Date?
    public var lastSuccess: Date?
    /// When the current run of failures began; nil while the feed is healthy.
    public var failingSince: Date?
    /// Set by 410 Gone: the feed is never polled again.
    public var gone: Bool
    public var itemsLast7Days: Int

    public init(lastStatus: Int? = nil, lastError: String? = nil, consecutiveFailures: Int = 0, lastChecked: Date? = nil,
                lastSuccess: Date? = nil, failingSince: Date? = nil, gone: Bool = false, itemsLast7Days: Int = 0) {
        self.lastStatus = lastStatus; self.lastError = lastError; self.consecutiveFailures = consecutiveFailures
        self.lastChecked = lastChecked; self.lastSuccess = lastSuccess; self.failingSince = failingSince
        self.gone = gone; self.itemsLast7Days = itemsLast7Days
    }

    /// A feed failing for more than a day (or gone) is broken.
    public func isBroken(now: Date) -> Bool {
        if gone { return true }
        guard let failingSince else { return false }
        return now.timeIntervalSince(failingSince) > 86_400
    }
}
