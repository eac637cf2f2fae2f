import Foundation
import Model
@testable import FeedParser

/// Loads a fixture file's bytes from the test bundle.
func fixture(_ name: String) throws -> [UInt8] {
    guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
        throw FeedParseError("Fixtures folder missing from the test bundle")
    }
    return Array(try Data(contentsOf: dir.appendingPathComponent(name)))
}

func parseFixture(_ name: String, documentURL: String? = nil, httpCharset: String? = nil,
                  contentLocation: String? = nil) throws -> ParsedFeed {
    try FeedParser.parse(fixture(name), documentURL: documentURL ?? "http://fixtures.example/\(name)",
                         httpCharset: httpCharset, contentLocation: contentLocation)
}

func parseString(_ xml: String, documentURL: String? = "http://doc.example/feed.xml") throws -> ParsedFeed {
    try FeedParser.parse(Array(xml.utf8), documentURL: documentURL)
}

func iso(_ date: Date?) -> String? {
    guard let date else { return nil }
    let f = ISO8601DateFormatter()
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: date)
}
