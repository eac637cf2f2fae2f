import Foundation
import Model
import Testing
@testable import FeedParser

@Test(arguments: ["rss20-basic.xml", "atom10-full.xml", "shiftjis.xml", "utf16le-bom.xml", "illformed-entities.xml",
                  "utf8-invalid.xml", "rss091-netscape.xml", "sanitize.xml", "jsonfeed11.json"])
func byteByBytePushGivesTheSameFeed(_ name: String) throws {
    let bytes = try fixture(name)
    let whole = try FeedParser.parse(bytes, documentURL: "http://fixtures.example/\(name)")
    let pushed = FeedPushParser(documentURL: "http://fixtures.example/\(name)")
    for b in bytes { try pushed.feed([b]) }
    #expect(try pushed.finish() == whole)
}

@Test func opmlResolvesRelativeURLsAndCollectsCategories() throws {
    let folder = URL(fileURLWithPath: "/srv/feeds/lists", isDirectory: true)
    let outlines = try OPML.parse(fixture("demo.opml"), baseURL: folder)
    #expect(outlines.count == 3)
    #expect(outlines[0].xmlURL == "file:///srv/feeds/lists/feeds/blog.atom")
    #expect(outlines[0].categories == ["Europe", "Germany"])
    #expect(outlines[0].htmlURL == "https://blog.example.de/")
    #expect(outlines[1].title == "The Gazette")
    #expect(outlines[1].categories == ["Europe"])
    #expect(outlines[2].xmlURL == "file:///srv/feeds/top.xml")
    #expect(outlines[2].title == "Top level & co")
    #expect(outlines[2].categories.isEmpty)
}

@Test func opmlRejectsNonOPML() throws {
    do {
        _ = try OPML.parse(fixture("rss20-basic.xml"), baseURL: nil)
        Issue.record("an RSS file was accepted as OPML")
    } catch let error as OPMLError {
        #expect(error.message == "not OPML: the root element is <rss>")
    }
    #expect(throws: OPMLError.self) { try OPML.parse([], baseURL: nil) }
    #expect(throws: OPMLError.self) { try OPML.parse(Array("hello".utf8), baseURL: nil) }
}

@Test func opmlRenderRoundTrips() throws {
    let outlines = [OPMLOutline(title: "A & B", xmlURL: "http://a.example/rss?x=1&y=2", htmlURL: "http://a.example/")]
    let parsed = try OPML.parse(Array(OPML.render(title: "Mine", outlines: outlines).utf8), baseURL: nil)
    #expect(parsed == outlines)
}

@Test func discoveryFindsAlternateFeedLinks() throws {
    let feeds = FeedDiscovery.alternateFeeds(html: try fixture("html-page.html"), pageURL: "https://site.example/blog/post.html")
    #expect(feeds == ["https://site.example/feed.xml", "https://other.example.com/atom", "https://site.example/blog/feed.json"])
}

@Test(arguments: [
    ("https://x.example/a?utm_source=rss&utm_medium=feed&id=3#top", "https://x.example/a?id=3"),
    ("https://X.Example/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5", "https://x.example/a"),
    ("http://x.example", "http://x.example/"),
    ("https://x.example/Path?q=1", "https://x.example/Path?q=1"),
])
func canonicalLinksDropTracking(_ input: String, _ expected: String) {
    #expect(URLTools.canonical(input) == expected)
}

@Test(arguments: [
    ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
    ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
    ("../g", "http://a/b/g"), ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("", "http://a/b/c/d;p?q"),
    ("https://other/x", "https://other/x"),
])
func resolvesReferencesPerRFC3986(_ ref: String, _ expected: String) {
    #expect(URLTools.resolve(ref, against: "http://a/b/c/d;p?q") == expected)
}
