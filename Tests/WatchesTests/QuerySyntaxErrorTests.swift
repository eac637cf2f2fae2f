import Testing
@testable import Watches

/// One invalid query, where the error points (1-based character) and a word its message uses.
struct InvalidCase: CustomTestStringConvertible, Sendable {
    var query: String
    var position: Int
    var mentions: String
    init(_ query: String, _ position: Int, _ mentions: String) { self.query = query; self.position = position; self.mentions = mentions }
    var testDescription: String { "\(query) @\(position)" }
}

let invalidQueries: [InvalidCase] = [
    InvalidCase("", 1, "empty"),
    InvalidCase("   ", 1, "empty"),
    // Unbalanced parentheses and quotes.
    InvalidCase("(oil", 1, "never closed"),
    InvalidCase("(oil OR (gas)", 1, "never closed"),
    InvalidCase("oil)", 4, "no matching"),
    InvalidCase("\"oil", 1, "never closed"),
    InvalidCase("oil \"gas", 5, "never closed"),
    InvalidCase("()", 1, "empty parentheses"),
    // NEAR with a bad or out-of-range distance, or a side it cannot take.
    InvalidCase("oil NEAR/x gas", 10, "NEAR"),
    InvalidCase("oil NEAR/0 gas", 10, "1 to 100"),
    InvalidCase("oil NEAR/101 gas", 10, "1 to 100"),
    InvalidCase("oil NEAR/ gas", 10, "NEAR"),
    InvalidCase("oil NEAR/2.5 gas", 10, "NEAR"),
    InvalidCase("oil NEAR gas", 5, "distance"),
    InvalidCase("NEAR/3 oil", 1, "before"),
    InvalidCase("oil NEAR/3", 5, "after"),
    InvalidCase("oil NEAR/3 (gas AND coal)", 12, "side of NEAR"),
    InvalidCase("-oil NEAR/2 gas", 1, "side of NEAR"),
    InvalidCase("oil NEAR/2 gas NEAR/2 coal", 16, "cannot follow another NEAR"),
    InvalidCase("(oil NEAR/2 gas) NEAR/2 coal", 18, "cannot follow another NEAR"),
    InvalidCase("oil NEAR/2 source:bbc", 12, "side of NEAR"),
    // Empty phrases.
    InvalidCase("\"\"", 1, "phrase is empty"),
    InvalidCase("oil \"  \"", 5, "phrase is empty"),
    InvalidCase("oil \"!!\"", 5, "phrase is empty"),
    // Operators with nothing to apply to.
    InvalidCase("AND foo", 1, "AND needs a term before"),
    InvalidCase("foo OR", 5, "OR needs a term after"),
    InvalidCase("foo AND", 5, "AND needs a term after"),
    InvalidCase("NOT", 1, "NOT needs a term after"),
    InvalidCase("foo NOT", 5, "NOT needs a term after"),
    InvalidCase("foo OR OR bar", 8, "OR needs a term before"),
    InvalidCase("oil AND OR gas", 9, "OR needs a term before"),
    InvalidCase("(OR gas)", 2, "OR needs a term before"),
    InvalidCase("(gas NOT)", 6, "NOT needs a term after"),
    InvalidCase("oil - gas", 5, "“-”"),
    InvalidCase("oil -", 5, "“-”"),
    InvalidCase("--oil gas", 1, "“-”"),
    // Empty and unknown fields.
    InvalidCase("title:", 7, "nothing after"),
    InvalidCase("title: oil", 7, "nothing after"),
    InvalidCase("oil source:", 12, "nothing after"),
    InvalidCase("author:smith", 1, "unknown field"),
    InvalidCase("oil Url:x", 5, "unknown field"),
    InvalidCase("title:(source:bbc)", 8, "inside title:"),
    InvalidCase("source:(bbc OR cnn)", 8, "needs a name"),
    InvalidCase("source:bbc*", 11, "*"),
    // Words that cannot match anything, misplaced stars.
    InvalidCase("!!!", 1, "no letters"),
    InvalidCase("oil &", 5, "no letters"),
    InvalidCase("de*tain", 3, "*"),
    InvalidCase("*", 1, "*"),
    InvalidCase("detain**", 7, "*"),
    InvalidCase("新疆*", 1, "script without spaces"),
    // Queries that only exclude.
    InvalidCase("-foo", 1, "only excludes"),
    InvalidCase("NOT foo", 1, "only excludes"),
    InvalidCase("-foo -bar", 1, "only excludes"),
    InvalidCase("oil OR -gas", 8, "alternative only excludes"),
    InvalidCase("(oil OR NOT gas) coal OR -x", 26, "alternative only excludes"),
]

@Test(arguments: invalidQueries)
func invalidQueryIsRefusedWithItsPosition(_ row: InvalidCase) {
    #expect {
        _ = try WatchQuery.parse(row.query)
    } throws: { error in
        guard let error = error as? QuerySyntaxError else { return false }
        return error.position == row.position && error.message.contains(row.mentions) && error.query == row.query
    }
}

@Test(arguments: ["oil NOT gas", "(oil OR NOT gas) coal", "a (b OR -c)", "source:bbc", "source:bbc -oil", "-oil source:bbc"])
func queryRequiringSomethingIsAccepted(_ query: String) throws {
    _ = try WatchQuery.parse(query)
}

@Test func errorDescriptionNamesThePositionAndTheCaretPointsAtIt() {
    do {
        _ = try WatchQuery.parse("oil NEAR/x gas")
        Issue.record("accepted an invalid query")
    } catch {
        #expect(error.description.hasPrefix("invalid query at position 10: "))
        let lines = error.pointingAtPosition(indent: "> ").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1] == "> oil NEAR/x gas")
        #expect(lines[2] == ">          ^")
    }
}

@Test func caretAccountsForWideCharactersAndTheEnd() {
    let wide = QuerySyntaxError(query: "新疆 (oil", position: 4, message: "this “(” is never closed")
    #expect(wide.pointingAtPosition(indent: "").split(separator: "\n").last == "     ^")
    let atEnd = QuerySyntaxError(query: "title:", position: 7, message: "nothing after")
    #expect(atEnd.pointingAtPosition(indent: "").split(separator: "\n").last == "      ^")
}

@Test func everyInvalidQueryRendersWithACaret() {
    for row in invalidQueries {
        do {
            _ = try WatchQuery.parse(row.query)
        } catch {
            let rendered = error.pointingAtPosition()
            #expect(rendered.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
            #expect(rendered.hasSuffix("^"))
        }
    }
}
