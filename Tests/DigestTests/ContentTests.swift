@testable import Digest
import Foundation
import Testing

@Suite struct ContentTests {
    @Test func storiesAppearInTheGivenOrderWithOutletsAndHighlights() throws {
        let report = DigestReport.sample(endingAt: Fixtures.end)
        let html = try Fixtures.renderer().html(report, flavor: .file)
        let parsed = HTMLInspector.parse(html)
        let titles = parsed.elements(named: "h3").map(\.text)
        let expected = report.watches.flatMap(\.stories).map(\.title) + report.topStories.map(\.title)
        #expect(titles == expected)
        let badges = parsed.elements.filter { $0.attributes["class"] == "badge" }.map(\.text)
        #expect(badges.first == "11 outlets")
        #expect(badges.contains("1 outlet"))
        let marks = parsed.elements(named: "mark").map(\.text)
        #expect(marks.prefix(2) == ["climate", "emissions"])
        #expect(marks.contains("芯片"))
        #expect(parsed.text.contains("Also reported by Northern Ledger, Radio Meridian, Le Courrier du Lac, Daily Compass, Baltic Wire, El Diario del Puerto and 4 more"))
        #expect(parsed.text.contains("Thu 26 Nov 2026, 07:00 – Fri 27 Nov 2026, 07:00 UTC"))
    }

    @Test func theFileHasOneSVGChartPerWatchAndTheMailHasNone() throws {
        let report = DigestReport.sample(endingAt: Fixtures.end)
        let renderer = try Fixtures.renderer()
        let file = HTMLInspector.parse(try renderer.html(report, flavor: .file))
        #expect(file.elements(named: "svg").count == report.watches.count)
        #expect(file.elements(named: "rect").count == report.watches.count * 14)
        // The tallest bar of the first watch (7 stories on the last day) fills the plot height.
        let bars = file.elements(named: "rect").prefix(14)
        #expect(bars.last?.attributes["height"] == "92")
        #expect(bars.last?.attributes["class"] == "bar latest")

        let mail = try renderer.html(report, flavor: .mail)
        #expect(!mail.contains("<svg"))
        #expect(mail.contains("height:56px;line-height:56px"))
    }

    @Test func safeLinksAreHTTPOnly() {
        #expect(SafeLink.http("https://example.com/a?b=c&d=e") == "https://example.com/a?b=c&d=e")
        #expect(SafeLink.http(" HTTP://Example.com/ ") == "HTTP://Example.com/")
        #expect(SafeLink.http("https://example.com/ü path") == "https://example.com/%C3%BC%20path")
        for bad in ["javascript:alert(1)", "data:text/html,x", "//example.com", "/path", "ftp://example.com", "https://", "http:///x", ""] {
            #expect(SafeLink.http(bad) == nil, "\(bad)")
        }
    }

    @Test func chartLabelsStayShort() {
        #expect(compactNumber(7) == "7")
        #expect(compactNumber(9_999) == "9,999")
        #expect(compactNumber(12_345) == "12k")
        #expect(compactNumber(1_000_000) == "1M")
        #expect(compactNumber(3_450_000) == "3.4M")
    }
}
