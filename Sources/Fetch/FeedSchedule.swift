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
    /// Backoff delays are multiplied by a random factor in `1 ± backoffJitter`, so feeds that failed together
    /// (one host down) do not retry in lock-step.
    public var backoffJitter: Double = 0.25
    public init() {}
}

/// What the parser learned that the scheduler uses, handed over after a successful parse.
public struct FeedUpdateHints: Sendable, Hashable {
    public var newItems: Int
    /// Publication times of the feed's recent items, for estimating how often it publishes.
    public var recentPublicationTimes: [Date]
    /// RSS `<ttl>`: minutes the feed may be cached.
    public var ttlMinutes: Int?
    /// `sy:updatePeriod` / `sy:updateFrequency` as seconds between updates.
    public var updateIntervalSeconds: Double?
    public init(newItems: Int = 0, recentPublicationTimes: [Date] = [], ttlMinutes: Int? = nil, updateIntervalSeconds: Double? = nil) {
        self.newItems = newItems; self.recentPublicationTimes = recentPublicationTimes; self.ttlMinutes = ttlMinutes
        self.updateIntervalSeconds = updateIntervalSeconds
    }
}

/// Pure state transitions of a feed after a fetch: validators, health, redirects, gone, and the next check.
public enum FeedSchedule {
    /// Whether the feed should be fetched now: never once gone, otherwise when its next check has come.
    public static func isDue(_ feed: Feed, now: Date) -> Bool {
        !feed.health.gone && feed.nextCheck <= now
    }

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
    ///
    /// Validators are replaced by the response's (a 304 keeps the stored ones unless it sends new ones).
    /// A permanent redirect is remembered, and adopted as the feed's URL when the next fetch sees the same one.
    /// The interval adapts to the publication rate and is never shorter than the feed's ttl,
    /// sy:updatePeriod or Cache-Control max-age, within the policy's bounds.
    public static func afterSuccess(_ feed: Feed, response: FetchResponse, hints: FeedUpdateHints, now: Date,
                                    policy: SchedulePolicy = SchedulePolicy()) -> Feed {
        var f = feed
        if response.isNotModified {
            if let etag = response.etag { f.etag = etag }
            if let lastModified = response.lastModified { f.lastModified = lastModified }
        } else {
            f.etag = response.etag; f.lastModified = response.lastModified
        }
        if response.request.etag == nil && response.request.lastModified == nil { f.lastUnconditionalFetch = now }

        if let target = response.permanentRedirect, target != f.url {
            if f.pendingRedirect == target {
                f.url = target
                f.pendingRedirect = nil
            } else {
                f.pendingRedirect = target
            }
        } else {
            f.pendingRedirect = nil
        }

        f.health.lastStatus = response.status; f.health.lastError = nil; f.health.consecutiveFailures = 0
        f.health.lastChecked = now; f.health.lastSuccess = now; f.health.failingSince = nil
        if !hints.recentPublicationTimes.isEmpty {
            let weekAgo = now.addingTimeInterval(-7 * 86_400)
            f.health.itemsLast7Days = hints.recentPublicationTimes.filter { $0 >= weekAgo && $0 <= now }.count
        }

        f.intervalSeconds = interval(previous: f.intervalSeconds, response: response, hints: hints, now: now, policy: policy)
        f.nextCheck = now.addingTimeInterval(f.intervalSeconds)
        return f
    }

    /// The feed after a failed fetch, or a body that held no usable feed (`reason` then says why).
    public static func afterFailure(_ feed: Feed, response: FetchResponse?, reason: String, now: Date,
                                    policy: SchedulePolicy = SchedulePolicy()) -> Feed {
        var generator = SystemRandomNumberGenerator()
        return afterFailure(feed, response: response, reason: reason, now: now, policy: policy, using: &generator)
    }

    /// `afterFailure` with the jitter drawn from `generator` (tests pass a seeded one).
    ///
    /// 410 Gone stops polling for good. A Retry-After (429, 503) sets the next check, capped at `maxBackoff`.
    /// Otherwise the delay doubles per consecutive failure from `minInterval`, times a random factor, capped at `maxBackoff`.
    public static func afterFailure<R: RandomNumberGenerator>(_ feed: Feed, response: FetchResponse?, reason: String, now: Date,
                                                              policy: SchedulePolicy = SchedulePolicy(), using generator: inout R) -> Feed {
        var f = feed
        f.health.lastStatus = response?.status; f.health.lastError = reason
        f.health.consecutiveFailures += 1; f.health.lastChecked = now
        if f.health.failingSince == nil { f.health.failingSince = now }
        if case .gone = response?.error {
            f.health.gone = true
            f.nextCheck = .distantFuture
            return f
        }
        if let retryAfter = response?.retryAfter {
            f.nextCheck = now.addingTimeInterval(min(policy.maxBackoff, max(0, retryAfter)))
            return f
        }
        f.nextCheck = now.addingTimeInterval(backoff(failures: f.health.consecutiveFailures, policy: policy, using: &generator))
        return f
    }

    /// The delay after `failures` consecutive failures: `minInterval * 2^(failures-1)`, jittered, at most `maxBackoff`.
    public static func backoff<R: RandomNumberGenerator>(failures: Int, policy: SchedulePolicy, using generator: inout R) -> TimeInterval {
        let exponent = Double(min(max(failures, 1) - 1, 40))
        let base = min(policy.maxBackoff, policy.minInterval * pow(2, exponent))
        let jitter = policy.backoffJitter > 0
            ? Double.random(in: (1 - policy.backoffJitter)...(1 + policy.backoffJitter), using: &generator) : 1
        return min(policy.maxBackoff, base * jitter)
    }

    /// The next polling interval.
    ///
    /// With two or more publication times, the interval is the mean gap between the recent items, stretched
    /// when the feed has been quiet for longer than that. Without them, it shrinks when new items arrived
    /// and grows slowly when none did (a 304 keeps it). Then the feed's own hints set a floor, and the
    /// policy's bounds apply.
    public static func interval(previous: TimeInterval, response: FetchResponse, hints: FeedUpdateHints, now: Date,
                                policy: SchedulePolicy = SchedulePolicy()) -> TimeInterval {
        var interval: TimeInterval
        if let gap = publicationGap(hints.recentPublicationTimes, now: now) {
            interval = gap
        } else if response.isNotModified {
            interval = previous
        } else if hints.newItems > 0 {
            interval = previous / 2
        } else {
            interval = previous * 1.5
        }
        var floor: TimeInterval = 0
        if let ttl = hints.ttlMinutes, ttl > 0 { floor = max(floor, TimeInterval(ttl) * 60) }
        if let period = hints.updateIntervalSeconds, period > 0 { floor = max(floor, period) }
        if let maxAge = response.maxAge { floor = max(floor, maxAge) }
        interval = max(interval, floor)
        return min(policy.maxInterval, max(policy.minInterval, interval))
    }

    /// Mean gap between the most recent (up to 20) publication times within 30 days, at least half the
    /// time since the newest one; nil with fewer than two usable times.
    static func publicationGap(_ times: [Date], now: Date) -> TimeInterval? {
        let recent = times.filter { $0 <= now.addingTimeInterval(300) && now.timeIntervalSince($0) <= 30 * 86_400 }
            .sorted(by: >).prefix(20)
        guard recent.count >= 2, let newest = recent.first, let oldest = recent.last else { return nil }
        let span = newest.timeIntervalSince(oldest)
        guard span > 0 else { return nil }
        let meanGap = span / Double(recent.count - 1)
        return max(meanGap, now.timeIntervalSince(newest) / 2)
    }
}
