import Testing

@Test func FeedParserTestsBuilds() { #expect(Bool(true)) }
