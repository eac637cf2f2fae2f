import Foundation
import Model
import Digest
import Store

/// Assembles a digest report for a period from the store.
public struct DigestBuilder {
    let store: SQLiteStore
    let watches: [Watch]
    public var topStoryCount = 10
    public var storiesPerWatch = 25
    /// A feed with no new item for this long is listed as silent.
    public var silentAfter: TimeInterval = 7 * 86_400

    public init(store: SQLiteStore, watches: [Watch]) { self.store = store; self.watches = watches }

    public func build(from start: Date, to end: Date, title: String? = nil, now: Date = Date()) throws(NewsWatchError) -> DigestReport {
        do {
            let compiled = try CompiledWatches(stored: [], configured: watches)
            let stories = try store.storiesWithMembers(since: start).filter { $0.story.firstSeen < end && $0.story.lastSeen >= start }
            // The period's items and the trend window's, read and matched once for every section.
            let trendDays = Self.trendDays(ending: end)
            var itemsByStory: [Int64: [ItemWithSource]] = [:]
            var watchesByItem: [Int64: Set<String>] = [:]
            var trendStories: [String: [Date: Set<Int64>]] = [:]
            for item in try store.items(since: min(start, trendDays[0])) where item.item.seen < end {
                guard let storyID = item.item.storyID else { continue }
                let matching = Set(compiled.matchingWatches(item).map(\.name))
                watchesByItem[item.item.id] = matching
                if item.item.seen >= start { itemsByStory[storyID, default: []].append(item) }
                if item.item.seen >= trendDays[0] {
                    let day = Self.utc.startOfDay(for: item.item.seen)
                    for name in matching { trendStories[name, default: [:]][day, default: []].insert(storyID) }
                }
            }
            let ranked = stories.sorted { ($0.story.outletCount, $0.story.lastSeen) > ($1.story.outletCount, $1.story.lastSeen) }

            func summary(_ s: StoryWithMembers, snippet: HighlightedText) -> StorySummary {
                let outlets = s.members.map(\.feed).uniqued()
                return StorySummary(storyID: s.story.id, title: s.story.title, link: s.members.first?.link,
                                    firstOutlet: s.story.firstOutlet ?? outlets.first ?? "", firstSeen: s.story.firstSeen,
                                    outletCount: s.story.outletCount, otherOutlets: Array(outlets.dropFirst()), snippet: snippet)
            }

            var sections: [DigestReport.WatchSection] = []
            for watch in compiled.watches {
                var matched: [StorySummary] = []
                for s in ranked {
                    guard let hit = itemsByStory[s.story.id]?.first(where: { watchesByItem[$0.item.id]?.contains(watch.name) == true })
                    else { continue }
                    matched.append(summary(s, snippet: compiled.snippet(watchName: watch.name, item: hit)))
                }
                let trend = trendDays.map { DigestReport.DayCount(day: $0, stories: trendStories[watch.name]?[$0]?.count ?? 0) }
                sections.append(DigestReport.WatchSection(name: watch.name, query: watch.query,
                                                          stories: Array(matched.prefix(storiesPerWatch)), trend: trend))
            }
            let top = ranked.prefix(topStoryCount).map { s in
                summary(s, snippet: HighlightedText(plain: String((itemsByStory[s.story.id]?.first?.item.text ?? "").prefix(240))))
            }
            let totals = DigestReport.Totals(itemsFetched: try store.itemsFetched(from: start, to: end), stories: stories.count,
                                             alerts: try store.alertCount(from: start, to: end),
                                             feedsChecked: try store.feedsChecked(from: start, to: end))
            return DigestReport(title: title ?? "newswatch digest", periodStart: start, periodEnd: end, generated: now, totals: totals,
                                watches: sections, topStories: Array(top), feedProblems: try feedProblems(now: now))
        } catch let error as NewsWatchError {
            throw error
        } catch {
            throw NewsWatchError("cannot build the digest: \(error)")
        }
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The 14 UTC days ending with the one `end` falls in, oldest first: a watch's trend.
    static func trendDays(ending end: Date) -> [Date] {
        let lastDay = utc.startOfDay(for: end.addingTimeInterval(-1))
        return (0..<14).map { utc.date(byAdding: .day, value: $0 - 13, to: lastDay)! }
    }

    /// Broken feeds (failing for over a day, or gone) and silent ones (no new item for a week).
    private func feedProblems(now: Date) throws -> [DigestReport.FeedProblem] {
        try store.allFeeds(now: now).compactMap { feed in
            if feed.health.isBroken(now: now) {
                return DigestReport.FeedProblem(outlet: feed.outletName, url: feed.url, state: "broken",
                                                reason: feed.health.lastError ?? (feed.health.gone ? "gone (410)" : "failing"))
            }
            if feed.health.lastSuccess != nil, feed.health.itemsLast7Days == 0 {
                return DigestReport.FeedProblem(outlet: feed.outletName, url: feed.url, state: "silent", reason: "no new item in 7 days")
            }
            return nil
        }
    }
}
