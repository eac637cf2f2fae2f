import Foundation
import Testing
import TestSupport
import Model
@testable import Fetch

private let now = Date(timeIntervalSince1970: 1_790_000_000)
private let url = "https://news.example/feed.xml"

private func response(_ status: Int, request: FetchRequest = FetchRequest(tag: 1, url: url), etag: String? = nil,
                      lastModified: String? = nil, maxAge: TimeInterval? = nil, retryAfter: TimeInterval? = nil,
                      permanentRedirect: String? = nil, error: FetchError? = nil) -> FetchResponse {
    FetchResponse(request: request, status: status, effectiveURL: permanentRedirect ?? request.url, etag: etag,
                  lastModified: lastModified, maxAge: maxAge, retryAfter: retryAfter, permanentRedirect: permanentRedirect, error: error)
}

/// Publication times `gap` apart, the newest `age` before now.
private func published(every gap: TimeInterval, count: Int = 10, newestAge age: TimeInterval = 0) -> [Date] {
    (0..<count).map { now.addingTimeInterval(-age - Double($0) * gap) }
}

@Suite("FeedSchedule state transitions")
struct FeedScheduleTests {
    @Test func requestIsUnconditionalOncePerDay() {
        var feed = Feed(id: 7, url: url, etag: "\"v\"", lastModified: "Wed, 21 Oct 2026 07:28:00 GMT")
        #expect(FeedSchedule.request(for: feed, now: now).etag == nil)   // never fetched unconditionally
        feed.lastUnconditionalFetch = now.addingTimeInterval(-3600)
        let conditional = FeedSchedule.request(for: feed, now: now)
        #expect(conditional == FetchRequest(tag: 7, url: url, etag: "\"v\"", lastModified: "Wed, 21 Oct 2026 07:28:00 GMT"))
        feed.lastUnconditionalFetch = now.addingTimeInterval(-86_400)
        #expect(FeedSchedule.request(for: feed, now: now).etag == nil)
        #expect(FeedSchedule.request(for: feed, now: now).lastModified == nil)
    }

    @Test func successStoresValidatorsAndClearsFailures() {
        var feed = Feed(id: 1, url: url, etag: "old")
        feed.health = FeedHealth(lastStatus: 500, lastError: "down", consecutiveFailures: 3, failingSince: now.addingTimeInterval(-90_000))
        let after = FeedSchedule.afterSuccess(feed, response: response(200, etag: "\"new\"", lastModified: "Thu, 22 Oct 2026 07:28:00 GMT"),
                                              hints: FeedUpdateHints(), now: now)
        #expect(after.etag == "\"new\"")
        #expect(after.lastModified == "Thu, 22 Oct 2026 07:28:00 GMT")
        #expect(after.lastUnconditionalFetch == now)
        #expect(after.health == FeedHealth(lastStatus: 200, lastError: nil, consecutiveFailures: 0, lastChecked: now,
                                           lastSuccess: now, failingSince: nil, gone: false))
        #expect(after.nextCheck == now.addingTimeInterval(after.intervalSeconds))
    }

    @Test func conditionalSuccessKeepsTheLastUnconditionalTime() {
        let earlier = now.addingTimeInterval(-3600)
        let feed = Feed(id: 1, url: url, etag: "\"v\"", intervalSeconds: 1800, lastUnconditionalFetch: earlier)
        let request = FetchRequest(tag: 1, url: url, etag: "\"v\"")
        let after = FeedSchedule.afterSuccess(feed, response: response(304, request: request), hints: FeedUpdateHints(), now: now)
        #expect(after.etag == "\"v\"")
        #expect(after.lastUnconditionalFetch == earlier)
        #expect(after.intervalSeconds == 1800)   // nothing new learned from a 304
        #expect(after.nextCheck == now.addingTimeInterval(1800))
    }

    static let rates: [(gap: TimeInterval, expected: TimeInterval)] = [
        (5.0 * 60, 600.0),              // busy: every 5 minutes -> the 10-minute floor
        (2.0 * 3600, 7200.0),           // every 2 hours
        (6.0 * 3600, 21_600.0),         // every 6 hours
        (3.0 * 86_400, 43_200.0),       // every 3 days -> the 12-hour ceiling
    ]

    @Test(arguments: rates)
    func intervalFollowsThePublicationRate(gap: TimeInterval, expected: TimeInterval) {
        let hints = FeedUpdateHints(newItems: 1, recentPublicationTimes: published(every: gap, count: 8))
        let after = FeedSchedule.afterSuccess(Feed(id: 1, url: url), response: response(200), hints: hints, now: now)
        #expect(abs(after.intervalSeconds - expected) < 1)
    }

    @Test func aFeedThatWentQuietIsPolledLessOften() {
        let busyThenQuiet = FeedUpdateHints(recentPublicationTimes: published(every: 600, count: 10, newestAge: 8 * 3600))
        let after = FeedSchedule.afterSuccess(Feed(id: 1, url: url), response: response(200), hints: busyThenQuiet, now: now)
        #expect(after.intervalSeconds == 4 * 3600)
    }

    @Test func withoutPublicationTimesNewItemsShortenAndNoneLengthen() {
        let feed = Feed(id: 1, url: url, intervalSeconds: 4000)
        let busier = FeedSchedule.afterSuccess(feed, response: response(200), hints: FeedUpdateHints(newItems: 3), now: now)
        let quieter = FeedSchedule.afterSuccess(feed, response: response(200), hints: FeedUpdateHints(newItems: 0), now: now)
        #expect(busier.intervalSeconds == 2000)
        #expect(quieter.intervalSeconds == 6000)
    }

    @Test func feedHintsSetAFloorWithinThePolicy() {
        let busy = published(every: 300)
        func interval(_ hints: FeedUpdateHints, maxAge: TimeInterval? = nil) -> TimeInterval {
            FeedSchedule.afterSuccess(Feed(id: 1, url: url), response: response(200, maxAge: maxAge), hints: hints, now: now).intervalSeconds
        }
        #expect(interval(FeedUpdateHints(recentPublicationTimes: busy, ttlMinutes: 180)) == 10_800)
        #expect(interval(FeedUpdateHints(recentPublicationTimes: busy, updateIntervalSeconds: 21_600)) == 21_600)
        #expect(interval(FeedUpdateHints(recentPublicationTimes: busy), maxAge: 1800) == 1800)
        #expect(interval(FeedUpdateHints(recentPublicationTimes: busy, ttlMinutes: 5000)) == 43_200)
        var policy = SchedulePolicy()
        policy.minInterval = 60
        let fast = FeedSchedule.afterSuccess(Feed(id: 1, url: url), response: response(200),
                                             hints: FeedUpdateHints(recentPublicationTimes: published(every: 30)), now: now, policy: policy)
        #expect(fast.intervalSeconds == 60)
    }

    @Test func failuresBackOffExponentiallyWithJitterUpToADay() {
        var generator = SeededGenerator(seed: 42)
        var feed = Feed(id: 1, url: url)
        let failure = response(500, error: .httpStatus(500, url: url))
        var delays: [TimeInterval] = []
        for attempt in 1...12 {
            feed = FeedSchedule.afterFailure(feed, response: failure, reason: "down", now: now, using: &generator)
            let delay = feed.nextCheck.timeIntervalSince(now)
            let base = min(86_400, 600 * pow(2, Double(attempt - 1)))
            #expect(delay >= base * 0.75 && delay <= min(86_400, base * 1.25), "attempt \(attempt): \(delay)")
            delays.append(delay)
        }
        #expect(feed.health.consecutiveFailures == 12)
        #expect(feed.health.failingSince == now)
        #expect(delays.last! <= 86_400)
        #expect(delays[3] > delays[0] * 4)
    }

    @Test func feedsThatFailedTogetherDoNotRetryInLockStep() {
        var generator = SeededGenerator(seed: 7)
        let failure = response(503, error: .httpStatus(503, url: url))
        let retries = (0..<20).map { id in
            var feed = Feed(id: Int64(id), url: url)
            feed.health.consecutiveFailures = 4
            return FeedSchedule.afterFailure(feed, response: failure, reason: "down", now: now, using: &generator).nextCheck
        }
        #expect(Set(retries).count == 20)
        let spread = retries.max()!.timeIntervalSince(retries.min()!)
        #expect(spread > 600)
    }

    @Test func aFeedFailingForMoreThanADayIsBroken() {
        var feed = Feed(id: 1, url: url)
        let failure = response(500, error: .httpStatus(500, url: url))
        feed = FeedSchedule.afterFailure(feed, response: failure, reason: "\(url) answered HTTP 500", now: now)
        #expect(!feed.health.isBroken(now: now.addingTimeInterval(3600)))
        feed = FeedSchedule.afterFailure(feed, response: failure, reason: "\(url) answered HTTP 500", now: now.addingTimeInterval(50_000))
        #expect(feed.health.failingSince == now)
        #expect(feed.health.isBroken(now: now.addingTimeInterval(90_000)))
        feed = FeedSchedule.afterSuccess(feed, response: response(200), hints: FeedUpdateHints(), now: now.addingTimeInterval(90_000))
        #expect(!feed.health.isBroken(now: now.addingTimeInterval(90_000)))
    }

    @Test func goneIsFinal() {
        let feed = FeedSchedule.afterFailure(Feed(id: 1, url: url), response: response(410, error: .gone(url: url)),
                                             reason: FetchError.gone(url: url).sentence, now: now)
        #expect(feed.health.gone)
        #expect(feed.health.lastStatus == 410)
        #expect(feed.nextCheck == .distantFuture)
        #expect(!FeedSchedule.isDue(feed, now: .distantFuture))
        #expect(feed.health.isBroken(now: now))
    }

    @Test func retryAfterSetsTheNextCheckCappedAtTheMaximumBackoff() {
        let soon = FeedSchedule.afterFailure(Feed(id: 1, url: url),
                                             response: response(429, retryAfter: 5400, error: .httpStatus(429, url: url)), reason: "busy", now: now)
        #expect(soon.nextCheck == now.addingTimeInterval(5400))
        let absurd = FeedSchedule.afterFailure(Feed(id: 1, url: url),
                                               response: response(503, retryAfter: 10_000_000, error: .httpStatus(503, url: url)), reason: "busy", now: now)
        #expect(absurd.nextCheck == now.addingTimeInterval(86_400))
    }

    @Test func permanentRedirectIsAdoptedOnlyWhenSeenTwiceInARow() {
        let target = "https://news.example/new-feed.xml"
        var feed = Feed(id: 1, url: url)
        feed = FeedSchedule.afterSuccess(feed, response: response(200, permanentRedirect: target), hints: FeedUpdateHints(), now: now)
        #expect(feed.url == url && feed.pendingRedirect == target)
        // Interrupted by a fetch without the redirect: start over.
        feed = FeedSchedule.afterSuccess(feed, response: response(200), hints: FeedUpdateHints(), now: now)
        #expect(feed.url == url && feed.pendingRedirect == nil)
        feed = FeedSchedule.afterSuccess(feed, response: response(200, permanentRedirect: target), hints: FeedUpdateHints(), now: now)
        feed = FeedSchedule.afterSuccess(feed, response: response(200, permanentRedirect: "https://elsewhere.example/f"), hints: FeedUpdateHints(), now: now)
        #expect(feed.url == url && feed.pendingRedirect == "https://elsewhere.example/f")
        feed = FeedSchedule.afterSuccess(feed, response: response(200, permanentRedirect: "https://elsewhere.example/f"), hints: FeedUpdateHints(), now: now)
        #expect(feed.url == "https://elsewhere.example/f" && feed.pendingRedirect == nil)
    }

    @Test func failureKeepsValidatorsAndPendingRedirect() {
        let feed = Feed(id: 1, url: url, etag: "\"v\"", pendingRedirect: "https://news.example/next")
        let after = FeedSchedule.afterFailure(feed, response: nil, reason: "the host name news.example does not resolve", now: now)
        #expect(after.etag == "\"v\"")
        #expect(after.pendingRedirect == "https://news.example/next")
        #expect(after.health.lastStatus == nil)
        #expect(after.health.lastError == "the host name news.example does not resolve")
    }

    @Test func itemsInTheLastWeekAreCounted() {
        let times = published(every: 86_400, count: 10)
        let after = FeedSchedule.afterSuccess(Feed(id: 1, url: url), response: response(200),
                                              hints: FeedUpdateHints(recentPublicationTimes: times), now: now)
        #expect(after.health.itemsLast7Days == 8)   // today and the 7 days before, inclusive of the boundary
    }
}

@Suite("Response header values")
struct HeaderValuesTests {
    @Test func maxAge() {
        #expect(HeaderValues.maxAge(cacheControl: "public, max-age=1800") == 1800)
        #expect(HeaderValues.maxAge(cacheControl: "max-age=\"60\", must-revalidate") == 60)
        #expect(HeaderValues.maxAge(cacheControl: "no-cache, max-age=60") == nil)
        #expect(HeaderValues.maxAge(cacheControl: "private") == nil)
        #expect(HeaderValues.maxAge(cacheControl: "max-age=soon") == nil)
    }

    @Test func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)   // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(HeaderValues.retryAfter("120", now: now) == 120)
        #expect(HeaderValues.retryAfter("Wed, 21 Oct 2015 08:28:00 GMT", now: now) == 3600)
        #expect(HeaderValues.retryAfter("Wed, 21 Oct 2015 06:28:00 GMT", now: now) == 0)
        #expect(HeaderValues.retryAfter("-5", now: now) == nil)
        #expect(HeaderValues.retryAfter("later", now: now) == nil)
    }
}
