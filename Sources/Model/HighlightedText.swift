import Foundation

/// A run of text with the words a watch matched marked, rendered by mail and digest as they see fit.
public struct HighlightedText: Sendable, Hashable, Codable {
    public struct Segment: Sendable, Hashable, Codable {
        public var text: String
        public var highlighted: Bool
        public init(text: String, highlighted: Bool) { self.text = text; self.highlighted = highlighted }
    }
    public var segments: [Segment]
    public init(segments: [Segment]) { self.segments = segments }
    public init(plain: String) { segments = plain.isEmpty ? [] : [Segment(text: plain, highlighted: false)] }
    public var plainText: String { segments.map(\.text).joined() }
}

/// One story in an alert or digest: what a reader needs to decide whether to click.
public struct StorySummary: Sendable, Hashable, Codable {
    public var storyID: Int64
    public var title: String
    public var link: String?
    public var firstOutlet: String
    public var firstSeen: Date
    public var outletCount: Int
    /// Outlets other than the first, in order of appearance.
    public var otherOutlets: [String]
    public var snippet: HighlightedText
    /// For coverage follow-ups: the threshold crossed.
    public var coverageStep: Int?
    public init(storyID: Int64, title: String, link: String?, firstOutlet: String, firstSeen: Date, outletCount: Int,
                otherOutlets: [String] = [], snippet: HighlightedText = HighlightedText(segments: []), coverageStep: Int? = nil) {
        self.storyID = storyID; self.title = title; self.link = link; self.firstOutlet = firstOutlet; self.firstSeen = firstSeen
        self.outletCount = outletCount; self.otherOutlets = otherOutlets; self.snippet = snippet; self.coverageStep = coverageStep
    }
}
