/// The report as pre-wrapped blocks of plain text for `digest.txt.mustache`: wrapping to 80 columns
/// (CJK counted double, hanging indents, URLs on lines of their own) is done here, not in the template.
struct TextDigestView: Sendable {
    struct Section: Sendable {
        let heading: String
        /// `====` under the heading, as wide as it.
        let underline: String
        let intro: String?
        let trend: String?
        let stories: [Block]
        let hasStories: Bool
        let emptyMessage: String
    }

    struct Block: Sendable {
        let text: String
    }

    let title: String
    let titleRule: String
    let header: String
    let watches: [Section]
    let hasWatches: Bool
    let topStories: Section
    let health: Section

    init(view: DigestView, wrapper: TextWrapper) {
        title = wrapper.wrap(view.title.uppercased()).joined(separator: "\n")
        titleRule = String(repeating: "=", count: min(wrapper.width, max(DisplayWidth.of(view.title), 16)))
        let statsLine = view.stats.map { "\($0.value) \($0.label)" }.joined(separator: " · ")
        header = (wrapper.wrap(view.periodLabel, first: "Period:    ", rest: "           ")
            + wrapper.wrap(statsLine, first: "Totals:    ", rest: "           ")
            + wrapper.wrap("\(view.healthSummary)", first: "Feeds:     ", rest: "           ")
            + wrapper.wrap(view.generatedLabel, first: "Generated: ", rest: "           ")).joined(separator: "\n")

        watches = view.watches.map { watch in
            let heading = wrapper.wrap("WATCH: \(watch.name) (\(watch.storyCountLabel))").joined(separator: "\n")
            let intro = watch.query.map { wrapper.wrap($0, first: "Query: ", rest: "       ").joined(separator: "\n") }
            let trendTitle = wrapper.wrap("\(watch.trend.heading): \(watch.trend.summary)",
                                          first: "", rest: "  ")
            let trend = (trendTitle + (watch.trend.hasData ? watch.trend.textLines() : [])).joined(separator: "\n")
            return Section(heading: heading, underline: Self.rule(for: heading, wrapper: wrapper), intro: intro, trend: trend,
                           stories: Self.blocks(watch.stories, wrapper: wrapper), hasStories: watch.hasStories,
                           emptyMessage: wrapper.wrap(watch.emptyMessage, first: "  ", rest: "  ").joined(separator: "\n"))
        }
        hasWatches = !watches.isEmpty

        let topHeading = "TOP STORIES ACROSS ALL FEEDS"
        topStories = Section(heading: topHeading, underline: Self.rule(for: topHeading, wrapper: wrapper), intro: nil, trend: nil,
                             stories: Self.blocks(view.topStories, wrapper: wrapper), hasStories: view.hasTopStories,
                             emptyMessage: "  No stories in this period.")

        let healthHeading = "FEED HEALTH"
        let problems = view.problems.map { problem in
            let label = problem.isBroken ? "[BROKEN] " : "[SILENT] "
            let indent = String(repeating: " ", count: 2 + label.count)
            let lines = wrapper.wrap(problem.outlet, first: "  " + label, rest: indent)
                + wrapper.wrap(problem.reason, first: indent, rest: indent)
                + (problem.url.map { wrapper.wrap($0, first: indent, rest: indent) } ?? [])
            return Block(text: lines.joined(separator: "\n"))
        }
        health = Section(heading: healthHeading, underline: Self.rule(for: healthHeading, wrapper: wrapper),
                         intro: wrapper.wrap(view.healthSummary, first: "  ", rest: "  ").joined(separator: "\n"), trend: nil,
                         stories: problems, hasStories: !problems.isEmpty, emptyMessage: "")
    }

    private static func rule(for heading: String, wrapper: TextWrapper) -> String {
        let widest = heading.split(separator: "\n").map { DisplayWidth.of($0) }.max() ?? 0
        return String(repeating: "-", count: min(max(widest, 8), wrapper.width))
    }

    /// ` 1. Title…` with the meta, outlets, snippet and URL hanging under the title.
    private static func blocks(_ stories: [StoryView], wrapper: TextWrapper) -> [Block] {
        let rankWidth = String(stories.count).count
        return stories.map { story in
            let number = String(story.rank)
            let first = String(repeating: " ", count: rankWidth - number.count + 1) + number + ". "
            let indent = String(repeating: " ", count: first.count)
            var lines = wrapper.wrap(story.title, first: first, rest: indent)
            lines += wrapper.wrap("\(story.outletLabel) · first \(story.firstOutlet), \(story.firstSeenLabel)", first: indent, rest: indent)
            if let note = story.coverageNote { lines += wrapper.wrap(note, first: indent, rest: indent) }
            if story.hasOthers { lines += wrapper.wrap("Also: \(story.othersLabel)", first: indent, rest: indent) }
            if story.hasSnippet {
                let snippet = story.snippet.map { $0.highlighted ? "*\($0.text)*" : $0.text }.joined()
                lines += wrapper.wrap(snippet, first: indent, rest: indent)
            }
            if let href = story.href { lines += wrapper.wrap(href, first: indent, rest: indent) }
            return Block(text: lines.joined(separator: "\n"))
        }
    }
}
