import Foundation
import Testing
import FeedParser

/// Feed discovery on pages written the many ways real sites write them.
struct FeedDiscoveryPageTests {
    @Test func alternatesInPageOrderResolvedAgainstThePage() {
        let html = """
        <!DOCTYPE html><html><head><title>Gazette</title>
        <LINK REL="stylesheet" href="/style.css" type="text/css">
        <!-- <link rel="alternate" type="application/rss+xml" href="/old.xml"> -->
        <link rel="alternate" type="application/rss+xml" title="Top stories" href="/rss/top.xml">
        <link rel='alternate' type='application/atom+xml' href='atom.xml?a=1&amp;b=2' title=''>
        <link rel=alternate type=application/feed+json href=//cdn.example.org/feed.json>
        <link rel="alternate" hreflang="fr" href="/fr/">
        <link rel="alternate" type="application/rss+xml" href="/rss/top.xml">
        </head><body></body></html>
        """
        let feeds = FeedDiscovery.alternateFeeds(html: Array(html.utf8), pageURL: "https://news.example/world/index.html")
        #expect(feeds == [
            "https://news.example/rss/top.xml",
            "https://news.example/world/atom.xml?a=1&b=2",
            "https://cdn.example.org/feed.json",
        ])
    }

    @Test func baseHrefChangesResolution() {
        let html = #"<html><head><base href="https://static.example/feeds/"><link rel="alternate feed" type="application/rss+xml" href="all.rss"></head></html>"#
        #expect(FeedDiscovery.alternateFeeds(html: Array(html.utf8), pageURL: "https://news.example/") == ["https://static.example/feeds/all.rss"])
    }

    @Test func aPageWithoutFeedsYieldsNothing() {
        let html = "<html><head><link rel=\"icon\" href=\"/favicon.ico\"></head><body><a href=\"/rss\">RSS</a></body></html>"
        #expect(FeedDiscovery.alternateFeeds(html: Array(html.utf8), pageURL: "https://news.example/").isEmpty)
    }
}
