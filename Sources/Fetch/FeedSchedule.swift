import Foundation
import Model

/// Scheduling policy (`[fetch]` min_interval / max_interval).
public struct SchedulePolicy: Sendable, Hashable {
    public var minInterval: TimeInterval = 600
    public var maxInterval: TimeInterval = 43_200
    /// Failures back off exponentially up to this, with random jitter.
    public var maxBackoff: TimeInterval = 86_400
    /// At least one fetch without validators per this period.
    public var unconditionalEvery: TimeInterval = 86_400
    public init() {}
}

/// What the parser learned that the scheduler uses, handed over after a successful parse.
public struct FeedUpdateHints: Sendable, Hashable {
    public var newItems: Int
    /// Publication times of the feed's recent items, for estimating how often it publishes.
    public var recentPublicationTimes: [Date]
    public var ttlMinutes: Int?
    public var updateIntervalSeconds: Double?
    public init(newItems: Int = 0, recentPublicationTimes: [Date] = [], ttlMinutes: Int? = nil, updateIntervalSeconds: Double? = nil) {
        self.newItems = newItems; self.recentPublicationTimes = recentPublicationTimes; self.ttlMinutes = ttlMinutes
        self.updateIntervalSeconds = updateIntervalSeconds
    }
}

/// Pure state transitions of a feed after a fetch: validators, health, redirects, gone, and the next check.
public enum FeedSchedule {
    /// Whether this fetch should go out without validators (the daily guard against stale 304s).
    public static func shouldFetchUnconditionally(_ feed: Feed, now: Date, policy: SchedulePolicy = SchedulePolicy()) -> Bool {
        guard let last = feed.lastUnconditionalFetch else { return true }
        return now.timeIntervalSince(last) >= policy.unconditionalEvery
    }

    /// The request to send for a feed.
    public static func request(for feed: Feed, now: Date, policy: SchedulePolicy = SchedulePolicy()) -> FetchRequest {
        if shouldFetchUnconditionally(feed, now: now, policy: policy) { return FetchRequest(tag: feed.id, url: feed.url) }
        return FetchRequest(tag: feed.id, url: feed.url, etag: feed.etag, lastModified: feed.lastModified)
    }

    /// The feed after a 200 whose body parsed, or a 304.
    public static func afterSuccess(_ feed: Feed, response: FetchResponse, hints: FeedUpdateHints, now: Date,
                                    policy: SchedulePolicy = SchedulePolicy()) -> Feed {
        var f = feed
        if !response.isNotModified {
            f.etag = response.etag; f.lastModified = response.lastModified
            if response.request.etag == nil && response.request.lastModified == nil { f.lastUnconditionalFetch = now }
        }
        f.health.lastStatus = response.status; f.health.lastError = nil; f.health.consecutiveFailures = 0
        f.health.lastChecked = now; f.health.lastSuccess = now; f.health.failingSince = nil
        f.nextCheck = now.addingTimeInterval(f.intervalSeconds)
        return f
    }

    /// The feed after a failed fetch, or a body that held no usable feed (`reason` then says why).
    public static func afterFailure(_ feed: Feed, response: FetchResponse?, reason: String, now: Date,
                                    policy: SchedulePolicy = SchedulePolicy()) -> Feed {
        var f = feed
        f.health.lastStatus = response?.status; f.health.lastError = reason
        f.health.consecutiveFailures += 1; f.health.lastChecked = now
        if f.health.failingSince == nil { f.health.failingSince = now }
        if case .gone = response?.error { f.health.gone = true }
        let backoff = min(policy.maxBackoff, policy.minInterval * pow(2, Double(f.health.consecutiveFailures - 1)))
        f.nextCheck = now.addingTimeInterval(backoff * Double.random(in: 0.8...1.2))
        return f
    }
}
