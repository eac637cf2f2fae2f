import Foundation

/// The text of an item as the matcher sees it.
public struct MatchDocument: Sendable, Hashable {
    public var title: String
    /// The item's summary and content as plain text.
    public var body: String
    /// The feed's title and host, for `source:`.
    public var source: String
    public init(title: String, body: String, source: String) { self.title = title; self.body = body; self.source = source }
}
