import Foundation

/// The whole report laid out for the HTML and text templates: every label worded, every date
/// formatted and every chart measured in Swift, so the templates only place things.
struct DigestView: Sendable {
    struct Stat: Sendable {
        let value: String
        let label: String
    }

    struct WatchView: Sendable {
        let name: String
        /// nil when the watch has no query text.
        let query: String?
        /// `watch-1`: an in-page anchor built from the position, never from the name.
        let anchor: String
        let stories: [StoryView]
        let hasStories: Bool
        /// `5 stories`
        let storyCountLabel: String
        let emptyMessage: String
        let trend: TrendChart
    }

    struct ProblemView: Sendable {
        let outlet: String
        let url: String?
        let isBroken: Bool
        /// `Broken` or `Silent`
        let stateLabel: String
        let reason: String
    }

    let title: String
    let periodLabel: String
    let generatedLabel: String
    let stats: [Stat]
    let watches: [WatchView]
    let hasWatches: Bool
    let topStories: [StoryView]
    let hasTopStories: Bool
    let topStoriesCountLabel: String
    let problems: [ProblemView]
    let hasProblems: Bool
    /// `All 42 feeds checked are healthy.` / `2 of 42 feeds need attention.`
    let healthSummary: String
    let problemCountLabel: String

    init(report: DigestReport, dates: DigestDateFormat) {
        title = FeedText.clean(report.title, orElse: "newswatch digest")
        periodLabel = dates.period(from: report.periodStart, to: report.periodEnd)
        generatedLabel = dates.stamp(report.generated)
        let totals = report.totals
        stats = [
            Stat(value: groupedNumber(totals.stories), label: totals.stories == 1 ? "story" : "stories"),
            Stat(value: groupedNumber(totals.itemsFetched), label: totals.itemsFetched == 1 ? "item fetched" : "items fetched"),
            Stat(value: groupedNumber(totals.alerts), label: totals.alerts == 1 ? "alert" : "alerts"),
            Stat(value: groupedNumber(totals.feedsChecked), label: totals.feedsChecked == 1 ? "feed checked" : "feeds checked"),
        ]
        watches = report.watches.enumerated().map { index, watch in
            let stories = watch.stories.enumerated().map { StoryView(rank: $0.offset + 1, story: $0.element, dates: dates) }
            return WatchView(
                name: FeedText.clean(watch.name, orElse: "(unnamed watch)"),
                query: Optional(FeedText.clean(watch.query)).flatMap { $0.isEmpty ? nil : $0 },
                anchor: "watch-\(index + 1)",
                stories: stories,
                hasStories: !stories.isEmpty,
                storyCountLabel: stories.isEmpty ? "No stories" : counted(stories.count, "story", "stories"),
                emptyMessage: "Nothing matched this watch in this period.",
                trend: TrendChart(days: watch.trend, dates: dates))
        }
        hasWatches = !watches.isEmpty
        topStories = report.topStories.enumerated().map { StoryView(rank: $0.offset + 1, story: $0.element, dates: dates) }
        hasTopStories = !topStories.isEmpty
        topStoriesCountLabel = counted(topStories.count, "story", "stories")
        problems = report.feedProblems
            .sorted { ($0.state == "broken" ? 0 : 1, $0.outlet) < ($1.state == "broken" ? 0 : 1, $1.outlet) }
            .map { problem in
                let broken = problem.state.lowercased() != "silent"
                return ProblemView(
                    outlet: FeedText.clean(problem.outlet, orElse: FeedText.clean(problem.url, orElse: "(unnamed feed)")),
                    url: Optional(FeedText.clean(problem.url)).flatMap { $0.isEmpty ? nil : $0 },
                    isBroken: broken,
                    stateLabel: broken ? "Broken" : "Silent",
                    reason: FeedText.clean(problem.reason, orElse: broken ? "The last fetches failed." : "No new items lately."))
            }
        hasProblems = !problems.isEmpty
        problemCountLabel = counted(problems.count, "problem", "problems")
        if problems.isEmpty {
            healthSummary = totals.feedsChecked == 0
                ? "No feeds were checked in this period."
                : (totals.feedsChecked == 1 ? "The feed checked is healthy." : "All \(groupedNumber(totals.feedsChecked)) feeds checked are healthy.")
        } else if totals.feedsChecked >= problems.count {
            healthSummary = "\(groupedNumber(problems.count)) of \(counted(totals.feedsChecked, "feed", "feeds")) \(problems.count == 1 ? "needs" : "need") attention."
        } else {
            healthSummary = "\(counted(problems.count, "feed needs", "feeds need")) attention."
        }
    }
}
