import Foundation
import Testing
@testable import Fetch

@Suite("Finding a page's feeds")
struct FeedDiscoveryTests {
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
        let feeds = FeedDiscovery.alternates(inHTML: Array(html.utf8), pageURL: "https://news.example/world/index.html")
        #expect(feeds == [
            DiscoveredFeed(url: "https://news.example/rss/top.xml", type: "application/rss+xml", title: "Top stories"),
            DiscoveredFeed(url: "https://news.example/world/atom.xml?a=1&b=2", type: "application/atom+xml"),
            DiscoveredFeed(url: "https://cdn.example.org/feed.json", type: "application/feed+json"),
        ])
    }

    @Test func baseHrefChangesResolution() {
        let html = #"<html><head><base href="https://static.example/feeds/"><link rel="alternate feed" type="application/rss+xml" href="all.rss"></head></html>"#
        let feeds = FeedDiscovery.alternates(inHTML: Array(html.utf8), pageURL: "https://news.example/")
        #expect(feeds.map(\.url) == ["https://static.example/feeds/all.rss"])
    }

    @Test func aPageWithoutFeedsYieldsNothing() {
        let html = "<html><head><link rel=\"icon\" href=\"/favicon.ico\"></head><body><a href=\"/rss\">RSS</a></body></html>"
        #expect(FeedDiscovery.alternates(inHTML: Array(html.utf8), pageURL: "https://news.example/").isEmpty)
    }

    @Test func htmlIsToldApartFromFeeds() {
        let page = FetchResponse(request: FetchRequest(url: "https://x.example/"), status: 200, body: Array("<!doctype html><html></html>".utf8),
                                 effectiveURL: "https://x.example/")
        #expect(FeedDiscovery.looksLikeHTML(page))
        var typed = page
        typed.body = Array("<?xml version=\"1.0\"?><rss/>".utf8)
        typed.contentType = "text/html; charset=utf-8"
        #expect(FeedDiscovery.looksLikeHTML(typed))
        typed.contentType = "application/rss+xml"
        #expect(!FeedDiscovery.looksLikeHTML(typed))
        typed.contentType = nil
        #expect(!FeedDiscovery.looksLikeHTML(typed))
    }

    @Test func theLoopbackServersPageLeadsToItsFeed() async throws {
        let base = try server().baseURL
        let fetcher = Fetcher(options: quickOptions())
        let page = await fetcher.fetch(FetchRequest(url: base + "/html"))
        #expect(FeedDiscovery.looksLikeHTML(page))
        let feeds = FeedDiscovery.alternates(inHTML: page.body, pageURL: page.effectiveURL)
        #expect(feeds.map(\.url) == [base + "/feed"])
        let feed = await fetcher.fetch(FetchRequest(url: feeds[0].url))
        #expect(feed.status == 200 && !FeedDiscovery.looksLikeHTML(feed))
    }
}
