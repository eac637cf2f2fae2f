import Foundation

/// One lexical element of a query, with its 1-based character position.
struct QueryToken: Equatable {
    enum Kind: Equatable {
        /// A bare word as written, possibly ending in `*`.
        case word(String)
        /// The text between double quotes.
        case phrase(String)
        case openParenthesis, closeParenthesis
        case and, or, not
        /// `-` directly before a term.
        case minus
        case near(distance: Int)
        /// `title:` or `source:`, lower-cased, without the colon.
        case field(String)
        case end
    }
    var kind: Kind
    var position: Int
}

/// Splits a query into tokens, refusing unbalanced quotes, bad `NEAR/n` and unknown fields.
enum QueryLexer {
    static let maximumNearDistance = 100
    static let fields: Set<String> = ["title", "source"]

    static func tokens(of query: String) throws(QuerySyntaxError) -> [QueryToken] {
        let chars = Array(query)
        var tokens: [QueryToken] = []
        var i = 0

        func fail(_ index: Int, _ message: String) -> QuerySyntaxError {
            QuerySyntaxError(query: query, position: index + 1, message: message)
        }
        func endsBareWord(_ c: Character) -> Bool { c.isWhitespace || c == "(" || c == ")" || c == "\"" }

        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            switch c {
            case "(":
                tokens.append(QueryToken(kind: .openParenthesis, position: i + 1)); i += 1
            case ")":
                tokens.append(QueryToken(kind: .closeParenthesis, position: i + 1)); i += 1
            case "\"":
                guard let close = chars[(i + 1)...].firstIndex(of: "\"") else {
                    throw fail(i, "this quote is never closed")
                }
                tokens.append(QueryToken(kind: .phrase(String(chars[(i + 1)..<close])), position: i + 1))
                i = close + 1
            case "-":
                guard i + 1 < chars.count, !chars[i + 1].isWhitespace, chars[i + 1] != ")" else {
                    throw fail(i, "“-” must be followed directly by the term to exclude, as in -word")
                }
                tokens.append(QueryToken(kind: .minus, position: i + 1)); i += 1
            default:
                var end = i
                while end < chars.count && !endsBareWord(chars[end]) { end += 1 }
                let word = String(chars[i..<end])
                switch word {
                case "AND": tokens.append(QueryToken(kind: .and, position: i + 1))
                case "OR": tokens.append(QueryToken(kind: .or, position: i + 1))
                case "NOT": tokens.append(QueryToken(kind: .not, position: i + 1))
                case "NEAR":
                    throw fail(i, "NEAR needs a distance, as in NEAR/5")
                case _ where word.hasPrefix("NEAR/"):
                    let digits = word.dropFirst(5)
                    guard let distance = Int(digits), digits.allSatisfy(\.isASCII), (1...maximumNearDistance).contains(distance) else {
                        throw fail(i + 5, "NEAR needs a whole number of words from 1 to \(maximumNearDistance) after the slash, as in NEAR/5")
                    }
                    tokens.append(QueryToken(kind: .near(distance: distance), position: i + 1))
                default:
                    if let colon = word.firstIndex(of: ":"), colon != word.startIndex,
                       word[..<colon].allSatisfy({ $0.isASCII && $0.isLetter }) {
                        let name = word[..<colon].lowercased()
                        guard fields.contains(name) else {
                            throw fail(i, "unknown field “\(word[..<colon]):”; the fields are title: and source:")
                        }
                        tokens.append(QueryToken(kind: .field(name), position: i + 1))
                        let valueStart = i + word.distance(from: word.startIndex, to: colon) + 1
                        if valueStart == end {
                            // The value must follow the colon directly: a phrase or a parenthesis.
                            guard end < chars.count, chars[end] == "\"" || chars[end] == "(" else {
                                throw fail(valueStart, "the field \(name): has nothing after it; write \(name):word")
                            }
                        } else {
                            tokens.append(QueryToken(kind: .word(String(chars[valueStart..<end])), position: valueStart + 1))
                        }
                    } else {
                        tokens.append(QueryToken(kind: .word(word), position: i + 1))
                    }
                }
                i = end
            }
        }
        tokens.append(QueryToken(kind: .end, position: chars.count + 1))
        return tokens
    }
}
