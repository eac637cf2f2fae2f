import Testing

@Test func WatchesTestsBuilds() { #expect(Bool(true)) }
