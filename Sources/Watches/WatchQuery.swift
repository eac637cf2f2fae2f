import Foundation
import Model

/// A query that does not parse, with the position (1-based, in characters) where the problem is.
public struct QuerySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var query: String
    public var position: Int
    public var message: String
    public init(query: String, position: Int, message: String) { self.query = query; self.position = position; self.message = message }
    public var description: String { "invalid query at position \(position): \(message)" }
}

/// A parsed watch query.
public struct WatchQuery: Sendable, Hashable {
    public let source: String
    let words: [String]

    /// Parses `text` in the query language (see README), refusing anything invalid.
    public static func parse(_ text: String) throws(QuerySyntaxError) -> WatchQuery {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        if words.isEmpty { throw QuerySyntaxError(query: text, position: 1, message: "empty query") }
        return WatchQuery(source: text, words: words)
    }
}

/// The text of an item as the matcher sees it.
public struct MatchDocument: Sendable, Hashable {
    public var title: String
    public var body: String
    /// The feed's title and host, for `source:`.
    public var source: String
    public init(title: String, body: String, source: String) { self.title = title; self.body = body; self.source = source }
}

/// Every watch compiled into one matcher.
public final class WatchMatcher: Sendable {
    public let queries: [WatchQuery]
    public init(queries: [WatchQuery]) { self.queries = queries }

    /// Indices into `queries` of the watches the document matches.
    public func matches(_ document: MatchDocument) -> [Int] {
        let text = (document.title + " " + document.body).lowercased()
        let tokens = Set(text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        return queries.indices.filter { queries[$0].words.allSatisfy(tokens.contains) }
    }

    /// A snippet of the document's text around what `queries[index]` matched, with the matched words highlighted.
    public func snippet(for index: Int, in document: MatchDocument, maxLength: Int = 240) -> HighlightedText {
        HighlightedText(plain: String(document.body.prefix(maxLength)))
    }
}
