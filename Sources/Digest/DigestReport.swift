import Foundation
import Model

/// Everything a digest shows, assembled from the store; the renderers only lay it out.
public struct DigestReport: Sendable, Hashable {
    public struct Totals: Sendable, Hashable {
        public var itemsFetched: Int
        public var stories: Int
        public var alerts: Int
        public var feedsChecked: Int
        public init(itemsFetched: Int, stories: Int, alerts: Int, feedsChecked: Int) {
            self.itemsFetched = itemsFetched; self.stories = stories; self.alerts = alerts; self.feedsChecked = feedsChecked
        }
    }
    public struct DayCount: Sendable, Hashable {
        public var day: Date
        public var stories: Int
        public init(day: Date, stories: Int) { self.day = day; self.stories = stories }
    }
    public struct WatchSection: Sendable, Hashable {
        public var name: String
        public var query: String
        /// Ranked by distinct outlets, then recency.
        public var stories: [StorySummary]
        /// Stories per day over the last 14 days, oldest first.
        public var trend: [DayCount]
        public init(name: String, query: String, stories: [StorySummary], trend: [DayCount]) {
            self.name = name; self.query = query; self.stories = stories; self.trend = trend
        }
    }
    public struct FeedProblem: Sendable, Hashable {
        public var outlet: String
        public var url: String
        /// "broken" or "silent".
        public var state: String
        public var reason: String
        public init(outlet: String, url: String, state: String, reason: String) {
            self.outlet = outlet; self.url = url; self.state = state; self.reason = reason
        }
    }

    public var title: String
    public var periodStart: Date
    public var periodEnd: Date
    public var generated: Date
    public var totals: Totals
    public var watches: [WatchSection]
    public var topStories: [StorySummary]
    public var feedProblems: [FeedProblem]

    public init(title: String = "newswatch digest", periodStart: Date, periodEnd: Date, generated: Date, totals: Totals,
                watches: [WatchSection], topStories: [StorySummary], feedProblems: [FeedProblem]) {
        self.title = title; self.periodStart = periodStart; self.periodEnd = periodEnd; self.generated = generated
        self.totals = totals; self.watches = watches; self.topStories = topStories; self.feedProblems = feedProblems
    }
}
