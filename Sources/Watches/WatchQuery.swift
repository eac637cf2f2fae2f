import Foundation

/// A parsed watch query (the language is described in the README and in `QueryParser`).
public struct WatchQuery: Sendable, Hashable, CustomStringConvertible {
    /// The query as the user wrote it.
    public let source: String
    /// What it means.
    public let expression: Expression

    /// Parses `text` in the query language, refusing anything invalid with the position of the problem.
    public static func parse(_ text: String) throws(QuerySyntaxError) -> WatchQuery {
        WatchQuery(source: text, expression: try QueryParser.parse(text))
    }

    public var description: String { source }

    /// A boolean combination of terms.
    public indirect enum Expression: Sendable, Hashable {
        case term(Term)
        /// `source:name`: the feed's title or host contains `name` (folded).
        case source(String)
        case not(Expression)
        case and([Expression])
        case or([Expression])
        /// Both sides occur within `distance` words of each other, in either order. Each side is a
        /// term or an `.or` of terms.
        case near(Expression, Expression, distance: Int)
    }

    /// A word, prefix or phrase: consecutive words of the text, each equal to (or starting with, for
    /// a prefix) the corresponding unit. A word of a script without spaces is one unit per character.
    public struct Term: Sendable, Hashable {
        public var units: [Unit]
        /// `title:`: only occurrences in the item's title count.
        public var titleOnly: Bool
        public init(units: [Unit], titleOnly: Bool) { self.units = units; self.titleOnly = titleOnly }
    }

    /// One folded word of a term (see `TextNormalizer`), or a prefix of words when `isPrefix`.
    public struct Unit: Sendable, Hashable {
        public var text: String
        public var isPrefix: Bool
        public init(text: String, isPrefix: Bool) { self.text = text; self.isPrefix = isPrefix }
    }
}

extension WatchQuery.Expression {
    /// Whether an item containing none of the query's terms (and from no named source) could match:
    /// true for pure exclusions like `-foo`, which the parser refuses.
    var matchesWithoutAnyTerm: Bool {
        switch self {
        case .term, .source, .near: return false
        case .not(let inner): return !inner.matchesWithoutAnyTerm
        case .and(let parts): return parts.allSatisfy(\.matchesWithoutAnyTerm)
        case .or(let parts): return parts.contains(where: \.matchesWithoutAnyTerm)
        }
    }
}
