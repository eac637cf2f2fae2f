import Testing

@Test func FetchTestsBuilds() { #expect(Bool(true)) }
