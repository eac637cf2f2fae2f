import Testing

@Test func MailTestsBuilds() { #expect(Bool(true)) }
