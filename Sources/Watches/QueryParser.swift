import Foundation

/// The query language:
/// - `word`: a whole word, ignoring case and diacritics (`urumqi` matches `Ürümqi`); `detain*`: a
///   word starting with `detain`; `"exact phrase"`: consecutive words, punctuation between them
///   ignored (a `*` may end any word of a phrase). Words are runs of letters and digits, so
///   `covid-19` or `U.S.` are phrases of two words.
/// - Characters of scripts written without spaces (Han, kana, Hangul, Thai...) are words of one
///   character each, so `习近平` matches inside a Chinese sentence; for NEAR each counts as a word.
/// - Terms side by side are ANDed; `AND`, `OR`, `NOT` (upper case; lower-case `and` is a word) and
///   `-term`; parentheses group. Precedence, tightest first: `NOT`/`-`, `NEAR/n`, `AND`, `OR`.
/// - `a NEAR/n b`: an occurrence of each, distinct, with at most n words from the end of the first
///   to the start of the second, in either order (`n` from 1 to 100; NEAR/1 means adjacent). Each
///   side is a word, phrase, prefix or a parenthesized OR of those.
/// - `title:word`, `title:"phrase"`, `title:(...)`: only the title counts (phrases and NEAR never
///   span title and body). `source:name` or `source:"two words"`: the feed's title or host contains
///   the name, ignoring case and diacritics.
/// - A query must require at least one term: `-foo` alone, or `foo OR -bar`, would match almost
///   every item and is refused, like every other invalid query, with the position of the problem.
enum QueryParser {
    static func parse(_ text: String) throws(QuerySyntaxError) -> WatchQuery.Expression {
        var parser = Parser(query: text, tokens: try QueryLexer.tokens(of: text))
        let root = try parser.parseQuery()
        return root.expression
    }
}

/// A parsed node with the position it starts at, for error messages.
private struct Syntax {
    indirect enum Kind {
        case term(WatchQuery.Term)
        case source(String)
        case not(Syntax)
        case and([Syntax])
        case or([Syntax])
        case near(Syntax, Syntax, Int)
    }
    var kind: Kind
    var position: Int

    var expression: WatchQuery.Expression {
        switch kind {
        case .term(let term): return .term(term)
        case .source(let name): return .source(name)
        case .not(let inner): return .not(inner.expression)
        case .and(let parts): return .and(parts.map(\.expression))
        case .or(let parts): return .or(parts.map(\.expression))
        case .near(let a, let b, let distance): return .near(a.expression, b.expression, distance: distance)
        }
    }

    /// True for a term or an OR of terms: what NEAR accepts on each side.
    var isNearOperand: Bool {
        switch kind {
        case .term: return true
        case .or(let parts): return parts.allSatisfy(\.isNearOperand)
        default: return false
        }
    }

    /// Where a query that needs no term to match goes wrong: the exclusion (and whether it is one
    /// alternative of an OR).
    func pureExclusion(underOr: Bool = false) -> (position: Int, underOr: Bool) {
        switch kind {
        case .and(let parts):
            return parts.first!.pureExclusion(underOr: underOr)
        case .or(let parts):
            return parts.first(where: { $0.expression.matchesWithoutAnyTerm })!.pureExclusion(underOr: true)
        default:
            return (position, underOr)
        }
    }
}

private struct Parser {
    let query: String
    let tokens: [QueryToken]
    var index = 0
    /// Inside `title:`.
    var titleOnly = false

    init(query: String, tokens: [QueryToken]) { self.query = query; self.tokens = tokens }

    var peek: QueryToken { tokens[index] }

    mutating func next() -> QueryToken {
        defer { index += 1 }
        return tokens[index]
    }

    func fail(_ position: Int, _ message: String) -> QuerySyntaxError {
        QuerySyntaxError(query: query, position: position, message: message)
    }

    mutating func parseQuery() throws(QuerySyntaxError) -> Syntax {
        if peek.kind == .end { throw fail(1, "the query is empty") }
        let root = try parseOr()
        if peek.kind == .closeParenthesis { throw fail(peek.position, "this “)” has no matching “(”") }
        if root.expression.matchesWithoutAnyTerm {
            let (position, underOr) = root.pureExclusion()
            throw fail(position, underOr
                ? "this alternative only excludes terms, so it would match almost every item; give it a term an item must contain"
                : "the query only excludes terms, so it would match almost every item; add a term an item must contain, as in “topic -word”")
        }
        return root
    }

    mutating func parseOr() throws(QuerySyntaxError) -> Syntax {
        var parts = [try parseAnd()]
        while peek.kind == .or {
            let op = next()
            try expectOperand(after: op)
            parts.append(try parseAnd())
        }
        return parts.count == 1 ? parts[0] : Syntax(kind: .or(parts), position: parts[0].position)
    }

    mutating func parseAnd() throws(QuerySyntaxError) -> Syntax {
        var parts = [try parseNear()]
        while true {
            if peek.kind == .and {
                let op = next()
            try expectOperand(after: op)
            } else if !startsOperand(peek) {
                break
            }
            parts.append(try parseNear())
        }
        return parts.count == 1 ? parts[0] : Syntax(kind: .and(parts), position: parts[0].position)
    }

    mutating func parseNear() throws(QuerySyntaxError) -> Syntax {
        var left = try parseUnary()
        while case .near(let distance) = peek.kind {
            let near = next()
            try expectOperand(after: near)
            if case .near = left.kind {
                throw fail(near.position, "\(Self.name(of: near)) cannot follow another NEAR; join them with AND, as in (a NEAR/2 b) AND (b NEAR/2 c)")
            }
            let right = try parseUnary()
            for side in [left, right] where !side.isNearOperand {
                throw fail(side.position, "each side of NEAR must be a word, a phrase, a prefix or a parenthesized OR of those")
            }
            left = Syntax(kind: .near(left, right, distance), position: left.position)
        }
        return left
    }

    mutating func parseUnary() throws(QuerySyntaxError) -> Syntax {
        switch peek.kind {
        case .not:
            let not = next()
            try expectOperand(after: not)
            return Syntax(kind: .not(try parseUnary()), position: not.position)
        case .minus:
            let minus = next()
            switch peek.kind {
            case .word, .phrase, .openParenthesis, .field: break
            default: throw fail(minus.position, "“-” must be followed directly by the term to exclude, as in -word")
            }
            return Syntax(kind: .not(try parsePrimary()), position: minus.position)
        default:
            return try parsePrimary()
        }
    }

    mutating func parsePrimary() throws(QuerySyntaxError) -> Syntax {
        let token = next()
        switch token.kind {
        case .word(let word):
            return Syntax(kind: .term(try term(word, at: token.position, quoted: false)), position: token.position)
        case .phrase(let phrase):
            return Syntax(kind: .term(try term(phrase, at: token.position + 1, quoted: true)), position: token.position)
        case .openParenthesis:
            if peek.kind == .closeParenthesis { throw fail(token.position, "empty parentheses") }
            let inner = try parseOr()
            guard peek.kind == .closeParenthesis else { throw fail(token.position, "this “(” is never closed") }
            index += 1
            return Syntax(kind: inner.kind, position: token.position)
        case .field("title"):
            let outer = titleOnly
            titleOnly = true
            defer { titleOnly = outer }
            let inner = try parsePrimary()
            return Syntax(kind: inner.kind, position: token.position)
        case .field(let name):
            if titleOnly { throw fail(token.position, "\(name): cannot be used inside title:") }
            let value = next()
            let text: String
            switch value.kind {
            case .word(let word):
                if let star = word.firstIndex(of: "*") {
                    throw fail(value.position + word.distance(from: word.startIndex, to: star),
                               "\(name): already matches any feed whose title or host contains the name; remove the “*”")
                }
                text = word
            case .phrase(let phrase): text = phrase
            default: throw fail(value.position, "\(name): needs a name, as in \(name):reuters or \(name):\"new york\"")
            }
            let folded = TextNormalizer.fold(text)
            if folded.isEmpty { throw fail(value.position, "\(name): needs a name with letters or digits") }
            return Syntax(kind: .source(folded), position: token.position)
        case .closeParenthesis:
            throw fail(token.position, "this “)” has no matching “(”")
        case .and, .or, .near:
            throw fail(token.position, "\(Self.name(of: token)) needs a term before it")
        case .not, .minus, .end:
            // parseUnary and expectOperand keep these from reaching here.
            throw fail(token.position, "a term is missing here")
        }
    }

    /// Refuses an operator followed by nothing it can apply to.
    func expectOperand(after op: QueryToken) throws(QuerySyntaxError) {
        switch peek.kind {
        case .end, .closeParenthesis:
            throw fail(op.position, "\(Self.name(of: op)) needs a term after it")
        case .and, .or, .near:
            throw fail(peek.position, "\(Self.name(of: peek)) needs a term before it")
        default:
            return
        }
    }

    func startsOperand(_ token: QueryToken) -> Bool {
        switch token.kind {
        case .word, .phrase, .openParenthesis, .not, .minus, .field: return true
        default: return false
        }
    }

    static func name(of token: QueryToken) -> String {
        switch token.kind {
        case .and: return "AND"
        case .or: return "OR"
        case .not: return "NOT"
        case .near(let distance): return "NEAR/\(distance)"
        default: return "this operator"
        }
    }

    /// The units of a bare word or phrase starting at `position`; `*` right after a word makes it a prefix.
    func term(_ text: String, at position: Int, quoted: Bool) throws(QuerySyntaxError) -> WatchQuery.Term {
        let chars = Array(text)
        var prefixEnds: Set<Int> = []  // UTF-8 offsets of valid stars
        var utf8Offset = 0
        for (k, c) in chars.enumerated() {
            defer { utf8Offset += c.utf8.count }
            guard c == "*" else { continue }
            let afterWord = k > 0 && (chars[k - 1].isLetter || chars[k - 1].isNumber)
            let endsWord = k + 1 == chars.count || !(chars[k + 1].isLetter || chars[k + 1].isNumber || chars[k + 1] == "*")
            guard afterWord && endsWord else {
                throw fail(position + k, "“*” can only end a word, as in detain*")
            }
            prefixEnds.insert(utf8Offset)
        }
        var units: [WatchQuery.Unit] = []
        var spacelessPrefix = false
        TextNormalizer.forEachToken(in: text) { folded, range, spaceless in
            let isPrefix = prefixEnds.contains(range.upperBound)
            if isPrefix && spaceless { spacelessPrefix = true }
            units.append(WatchQuery.Unit(text: String(decoding: folded, as: UTF8.self), isPrefix: isPrefix))
        }
        if spacelessPrefix {
            throw fail(position, "“*” cannot follow a character of a script without spaces: such terms already match inside longer words")
        }
        if units.isEmpty {
            throw fail(quoted ? position - 1 : position,
                       quoted ? "the phrase is empty: it has no letters or digits" : "“\(text)” has no letters or digits to match")
        }
        return WatchQuery.Term(units: units, titleOnly: titleOnly)
    }
}
