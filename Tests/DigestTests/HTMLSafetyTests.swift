import Digest
import Foundation
import Testing

@Suite struct HTMLSafetyTests {
    @Test(arguments: [DigestRenderer.Flavor.file, .mail])
    func hostileFeedDataRendersAsInertText(flavor: DigestRenderer.Flavor) throws {
        let html = try Fixtures.renderer().html(Fixtures.hostileReport, flavor: flavor)
        HTMLSafetyChecks.expectSafe(html)

        let parsed = HTMLInspector.parse(html)
        // The markup from feeds is shown to the reader as text, character for character.
        #expect(parsed.text.contains("<script>alert('title')</script> Budget vote"))
        #expect(parsed.text.contains("Photo <img src=x onerror=alert(1)> of the day"))
        #expect(parsed.text.contains("<img src=http://evil.example/pixel.png>"))
        #expect(parsed.text.contains("Braces {{title}} and {{{snippet}}} stay text"))
        #expect(parsed.text.contains("<iframe src=\"http://evil.example\"></iframe>"))
        // The highlighted words sit in <mark>, as text.
        #expect(parsed.elements(named: "mark").contains { $0.text == "<img src=http://evil.example/pixel.png>" })
        // Control characters become spaces; bidi overrides are dropped.
        #expect(!html.contains("\u{0}") && !html.contains("\u{1B}") && !html.contains("\u{202E}"))
        #expect(parsed.text.contains("Control chars [31m and reversed text split"))
    }

    @Test(arguments: [DigestRenderer.Flavor.file, .mail])
    func onlyHTTPLinksBecomeAnchors(flavor: DigestRenderer.Flavor) throws {
        let html = try Fixtures.renderer().html(Fixtures.hostileReport, flavor: flavor)
        let anchors = HTMLInspector.parse(html).elements(named: "a")
        let external = anchors.compactMap { $0.attributes["href"] }.filter { !$0.hasPrefix("#") }
        // Two of the hostile links are http(s): each story using one is linked in the watch and in top stories.
        #expect(Set(external) == ["https://ok.example/a?b=1&c=%3Cx%3E%22y%22%20onmouseover=%22alert(1)",
                                  "http://ok.example/with%20space/and%0Anewline"])
        // Exactly the two stories with those links have linked titles (stories 9 and 10 of the fixture).
        let linkedTitles = Set(anchors.filter { !($0.attributes["href"] ?? "#").hasPrefix("#") }.map(\.text))
        #expect(linkedTitles == [Fixtures.hostileTitles[9 % Fixtures.hostileTitles.count], Fixtures.hostileTitles[10 % Fixtures.hostileTitles.count]])
        // Stories whose link is not http(s) still show their title, just without a link.
        let parsed = HTMLInspector.parse(html)
        for title in ["<script>alert('title')</script> Budget vote", "Click javascript:alert(document.cookie) now"] {
            #expect(parsed.text.contains(title))
        }
        #expect(!html.lowercased().contains("href=\"javascript"))
        #expect(!html.lowercased().contains("href=\"data:"))
        #expect(!html.lowercased().contains("href=\"//"))
    }

    @Test(arguments: [DigestRenderer.Flavor.file, .mail])
    func sampleReportIsWellFormedAndSelfContained(flavor: DigestRenderer.Flavor) throws {
        let html = try Fixtures.renderer().html(DigestReport.sample(endingAt: Fixtures.end), flavor: flavor)
        HTMLSafetyChecks.expectSafe(html)
        let parsed = HTMLInspector.parse(html)
        let viewport = parsed.elements(named: "meta").first { $0.attributes["name"] == "viewport" }
        #expect(viewport?.attributes["content"]?.contains("width=device-width") == true)
        #expect(html.contains("prefers-color-scheme: dark"))
    }

    @Test(arguments: [
        "<p onclick=\"x()\">a</p>", "<script>x()</script>", "<img src=\"http://evil.example/p.png\">",
        "<a href=\"javascript:x()\">a</a>", "<a href=\" java\tscript:x()\">a</a>", "<style>p{background:url(http://e.example/x)}</style>",
        "<link rel=\"stylesheet\" href=\"http://e.example/x.css\">", "<p style=\"background:url(http://e.example/x)\">a</p>",
        "<p>a</i></p>", "<div><span>unclosed</div>", "<p>&bogus x</p>", "<iframe src=\"https://e.example\"></iframe>",
    ])
    func theSafetyCheckCatchesWhatItLooksFor(body: String) {
        // A check that cannot fail proves nothing: each of these documents must be rejected.
        let document = "<!DOCTYPE html><html><head><title>t</title></head><body>\(body)</body></html>"
        #expect(!HTMLSafetyChecks.violations(in: document).isEmpty, "not rejected: \(body)")
        #expect(HTMLSafetyChecks.violations(in: "<!DOCTYPE html><html><head><title>t</title></head><body><p>fine</p></body></html>").isEmpty)
    }
}
