import Testing

@Test func DigestTestsBuilds() { #expect(Bool(true)) }
