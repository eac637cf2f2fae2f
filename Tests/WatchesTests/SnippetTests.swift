import Testing
import Model
@testable import Watches

private func snippet(_ query: String, title: String = "", body: String, maxLength: Int = 240) throws -> HighlightedText {
    let document = MatchDocument(title: title, body: body, source: "")
    let matcher = WatchMatcher(queries: [try WatchQuery.parse(query)])
    #expect(matcher.matches(document) == [0], "the snippet is asked for a matching item")
    return matcher.snippet(for: 0, in: document, maxLength: maxLength)
}

private func highlightedWords(_ text: HighlightedText) -> [String] { text.segments.filter(\.highlighted).map(\.text) }

@Test func shortBodyIsShownWholeWithTheMatchedWordHighlighted() throws {
    let text = try snippet("urumqi", body: "Police detained three men in Ürümqi on Monday.")
    #expect(text.segments == [
        .init(text: "Police detained three men in ", highlighted: false),
        .init(text: "Ürümqi", highlighted: true),
        .init(text: " on Monday.", highlighted: false),
    ])
}

@Test func longBodyIsCutAtWordBoundariesAroundTheMatch() throws {
    let before = (0..<100).map { "alpha\($0)" }.joined(separator: " ")
    let after = (0..<100).map { "omega\($0)" }.joined(separator: " ")
    let body = before + " the detention\n\n centre " + after
    let text = try snippet("detention* NEAR/2 centre", body: body)
    let plain = text.plainText
    #expect(plain.count <= 240)
    #expect(plain.count > 200)
    #expect(plain.hasPrefix("…") && plain.hasSuffix("…"))
    #expect(highlightedWords(text) == ["detention", "centre"])
    #expect(plain.contains("detention centre"), "white space runs are shown as one space")
    let words = plain.dropFirst().dropLast().split(separator: " ").map(String.init)
    for word in words { #expect(body.split(separator: " ").contains(Substring(word)) || ["detention", "centre"].contains(word), "\(word) is whole") }
    // A quarter of the window or so as lead-in, the rest after the match.
    let lead = plain.distance(from: plain.startIndex, to: plain.range(of: "detention")!.lowerBound)
    #expect(lead > 20 && lead < 120)
}

@Test func matchNearTheEndUsesTheRoomForLeadIn() throws {
    let body = (0..<100).map { "alpha\($0)" }.joined(separator: " ") + " oil."
    let text = try snippet("oil", body: body)
    #expect(text.plainText.hasPrefix("…"))
    #expect(text.plainText.hasSuffix("oil."))
    #expect(text.plainText.count > 200 && text.plainText.count <= 240)
}

@Test func titleIsUsedWhenOnlyTheTitleMatched() throws {
    let text = try snippet("title:oil", title: "Oil falls again", body: "Markets were calm.")
    #expect(text.segments == [.init(text: "Oil", highlighted: true), .init(text: " falls again", highlighted: false)])
}

@Test func phrasesAreHighlightedAndExcludedWordsAreNot() throws {
    let text = try snippet("\"central bank\" -inflation OR rates", body: "The central bank kept rates.")
    #expect(highlightedWords(text) == ["central", "bank", "rates"])
    let excluded = try snippet("oil -gas", body: "oil and coal")
    #expect(highlightedWords(excluded) == ["oil"])
}

@Test func substringMatchesInChineseAreHighlighted() throws {
    let text = try snippet("习近平", body: "国家主席习近平今天会见了外国领导人。")
    #expect(highlightedWords(text) == ["习近平"])
}
