import Testing

@Test func NewsWatchTestsBuilds() { #expect(Bool(true)) }
