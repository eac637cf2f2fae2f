import Foundation
import Model
import Testing
@testable import FeedParser

private func rss(_ doctype: String, _ body: String) -> String {
    "<?xml version=\"1.0\"?>\n\(doctype)\n<rss version=\"2.0\"><channel><title>T</title><item><title>\(body)</title></item></channel></rss>"
}

@Test func externalFileEntityIsNeverLoaded() throws {
    let feed = try parseString(rss("<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "a&xxe;b"))
    #expect(feed.entries.first?.title == "ab")
    #expect(!(feed.entries.first?.title.contains("root") ?? true))
}

@Test func externalHTTPEntityAndDTDAreNeverFetched() throws {
    // A listening socket that records whether anyone connected.
    let server = try LoopbackListener()
    let doc = rss("<!DOCTYPE rss SYSTEM \"http://127.0.0.1:\(server.port)/evil.dtd\" [<!ENTITY % p SYSTEM \"http://127.0.0.1:\(server.port)/p\"> %p; <!ENTITY x SYSTEM \"http://127.0.0.1:\(server.port)/x\">]>", "a&x;b")
    let feed = try parseString(doc)
    #expect(feed.entries.first?.title == "ab")
    #expect(server.connectionCount() == 0)
}

@Test func billionLaughsIsRefusedQuickly() throws {
    var decls = "<!ENTITY lol \"lol\">"
    for i in 1...9 { decls += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">" }
    let start = Date()
    #expect(throws: FeedParseError.self) { try parseString(rss("<!DOCTYPE rss [\(decls)]>", "&lol9;")) }
    #expect(Date().timeIntervalSince(start) < 1)
}

@Test func quadraticBlowupIsRefusedQuickly() throws {
    let big = String(repeating: "x", count: 50_000)
    let refs = String(repeating: "&big;", count: 50_000)
    let start = Date()
    #expect(throws: FeedParseError.self) { try parseString(rss("<!DOCTYPE rss [<!ENTITY big \"\(big)\">]>", refs)) }
    #expect(Date().timeIntervalSince(start) < 1)
}

@Test func smallInternalEntitiesAreExpanded() throws {
    let feed = try parseString(rss("<!DOCTYPE rss [<!ENTITY co \"Acme Ltd\">]>", "By &co;"))
    #expect(feed.entries.first?.title == "By Acme Ltd")
}

@Test func documentOverTheSizeCapIsRefused() throws {
    let doc = Array(rss("", String(repeating: "word ", count: 5000)).utf8)
    #expect(throws: FeedParseError.self) { try FeedParser.parse(doc, maxBytes: 10_000) }
    let pushed = FeedPushParser(maxBytes: 10_000)
    #expect(throws: FeedParseError.self) {
        for chunk in stride(from: 0, to: doc.count, by: 4096) { try pushed.feed(Array(doc[chunk..<min(chunk + 4096, doc.count)])) }
    }
    #expect(try FeedParser.parse(doc).entries.count == 1)
}

@Test func deepNestingIsBoundedAndDoesNotCrash() throws {
    let depth = 100_000
    let doc = "<rss version=\"2.0\"><channel><title>Deep</title><item><title>ok</title></item>" + String(repeating: "<x>", count: depth)
        + String(repeating: "</x>", count: depth) + "</channel></rss>"
    let start = Date()
    let feed = try parseString(doc)
    #expect(feed.title == "Deep")
    #expect(feed.entries.count == 1)
    #expect(!feed.errors.isEmpty)
    #expect(Date().timeIntervalSince(start) < 2)
}

@Test(arguments: [
    ("", "not a feed: the document is empty"),
    ("   \n  ", "not a feed: the document is blank"),
    ("<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</p></body></html>", "not a feed: an HTML page"),
    ("<html><body>unclosed", "not a feed: an HTML page"),
    ("just some words, not markup", "not a feed: no XML document element found"),
    ("<note><to>x</to></note>", "not a feed: the root element is <note>"),
    ("[1, 2, 3]", "not a feed: a JSON document that is not a JSON Feed"),
    ("{\"hello\": 1}", "not a feed: a JSON document without a JSON Feed version"),
])
func nonFeedInputGetsAClearError(_ input: String, _ message: String) {
    do {
        _ = try FeedParser.parse(Array(input.utf8))
        Issue.record("expected an error for \(input.prefix(30))")
    } catch {
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }
}

@Test func garbageBytesDoNotCrash() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
        let count = Int.random(in: 0..<2000, using: &generator)
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if Bool.random() { bytes = Array("<rss><channel><item><title>".utf8) + bytes }
        _ = try? FeedParser.parse(bytes)
    }
}

/// A TCP listener on 127.0.0.1 that counts accepted connections (for "never fetched" checks).
final class LoopbackListener: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 8) == 0 else { throw FeedParseError("cannot listen on loopback") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        port = UInt16(bigEndian: addr.sin_port)
    }
    func connectionCount() -> Int {
        var count = 0
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { break }
            close(c); count += 1
        }
        return count
    }
    deinit { close(fd) }
}
