import Model

/// The JSON body of a webhook POST: one watch's new stories of one pass.
///
/// `{"watch": "NAME", "stories": [{"story": 42, "title": "…", "link": "https://…", "first_outlet": "…",
///   "outlets": 3, "snippet": "…", "matched": ["word"], "coverage_step": 20}]}`
/// (`link` and `coverage_step` are left out when absent).
public struct WebhookPayload: Codable, Sendable, Hashable {
    public struct Story: Codable, Sendable, Hashable {
        public var story: Int64
        public var title: String
        public var link: String?
        public var firstOutlet: String
        /// How many distinct outlets carry the story.
        public var outlets: Int
        public var snippet: String
        /// The highlighted words of the snippet, in order.
        public var matched: [String]
        /// Set for a coverage follow-up: the outlet-count threshold crossed.
        public var coverageStep: Int?

        enum CodingKeys: String, CodingKey {
            case story, title, link, outlets, snippet, matched
            case firstOutlet = "first_outlet"
            case coverageStep = "coverage_step"
        }

        public init(story: Int64, title: String, link: String?, firstOutlet: String, outlets: Int, snippet: String,
                    matched: [String] = [], coverageStep: Int? = nil) {
            self.story = story; self.title = title; self.link = link; self.firstOutlet = firstOutlet; self.outlets = outlets
            self.snippet = snippet; self.matched = matched; self.coverageStep = coverageStep
        }

        public init(_ summary: StorySummary) {
            self.init(story: summary.storyID, title: summary.title, link: summary.link, firstOutlet: summary.firstOutlet,
                      outlets: summary.outletCount, snippet: summary.snippet.plainText,
                      matched: summary.snippet.segments.filter(\.highlighted).map(\.text), coverageStep: summary.coverageStep)
        }
    }

    public var watch: String
    public var stories: [Story]

    public init(watch: String, stories: [Story]) { self.watch = watch; self.stories = stories }

    public init(watch: String, summaries: [StorySummary]) {
        self.init(watch: watch, stories: summaries.map(Story.init))
    }
}
