import Testing

@Test func StoriesTestsBuilds() { #expect(Bool(true)) }
