import Model

/// A story laid out for the templates: cleaned text, a safe link or none, formatted dates and labels.
struct StoryView: Sendable {
    struct Segment: Sendable {
        let text: String
        let highlighted: Bool
    }

    let rank: Int
    let title: String
    /// http(s) only; nil renders the title as plain text.
    let href: String?
    let outletCount: Int
    /// `12 outlets`
    let outletLabel: String
    let firstOutlet: String
    let firstSeenLabel: String
    let firstSeenISO: String
    let otherOutlets: [String]
    let hasOthers: Bool
    /// `BBC News, AP, Le Monde and 5 more`
    let othersLabel: String
    let snippet: [Segment]
    let hasSnippet: Bool
    /// `Crossed 20 outlets` for coverage follow-ups, else nil.
    let coverageNote: String?

    /// How many other outlets are named before the rest is summarised as "and N more".
    static let namedOutletLimit = 6

    init(rank: Int, story: StorySummary, dates: DigestDateFormat) {
        self.rank = rank
        title = FeedText.clean(story.title, orElse: "(untitled story)")
        href = SafeLink.http(story.link)
        outletCount = story.outletCount
        outletLabel = counted(story.outletCount, "outlet", "outlets")
        firstOutlet = FeedText.clean(story.firstOutlet, orElse: "unknown outlet")
        firstSeenLabel = dates.moment(story.firstSeen)
        firstSeenISO = ISODate.string(story.firstSeen)
        let others = story.otherOutlets.map { FeedText.clean($0) }.filter { !$0.isEmpty }
        otherOutlets = others
        hasOthers = !others.isEmpty
        let named = others.prefix(Self.namedOutletLimit).joined(separator: ", ")
        othersLabel = others.count > Self.namedOutletLimit ? "\(named) and \(others.count - Self.namedOutletLimit) more" : named
        snippet = Self.segments(story.snippet)
        hasSnippet = !snippet.isEmpty
        coverageNote = story.coverageStep.map { "Coverage passed \($0) outlets" }
    }

    /// Cleans each segment; the spaces around a segment become plain text of their own, so a highlight
    /// never starts or ends with a space. Neighbours of the same kind are merged.
    private static func segments(_ text: HighlightedText) -> [Segment] {
        var pieces: [Segment] = []
        func add(_ text: String, _ highlighted: Bool) {
            if text == " ", pieces.isEmpty || pieces.last?.text.last == " " { return }
            if let last = pieces.last, last.highlighted == highlighted {
                pieces[pieces.count - 1] = Segment(text: last.text + text, highlighted: highlighted)
            } else {
                pieces.append(Segment(text: text, highlighted: highlighted))
            }
        }
        for segment in text.segments {
            let raw = segment.text
            let core = FeedText.clean(raw)
            if raw.first?.isWhitespace == true || core.isEmpty && !raw.isEmpty { add(" ", false) }
            if !core.isEmpty { add(core, segment.highlighted) }
            if raw.last?.isWhitespace == true, !core.isEmpty { add(" ", false) }
        }
        while let last = pieces.last, last.text.last == " " {
            let trimmed = String(last.text.dropLast())
            if trimmed.isEmpty { pieces.removeLast() } else { pieces[pieces.count - 1] = Segment(text: trimmed, highlighted: last.highlighted) }
        }
        return pieces
    }
}
