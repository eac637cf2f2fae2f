import Digest
import Foundation
import Testing

@Suite struct EmptyReportTests {
    @Test(arguments: [DigestRenderer.Flavor.file, .mail])
    func anEmptyReportRendersWithFriendlyMessages(flavor: DigestRenderer.Flavor) throws {
        let html = try Fixtures.renderer().html(Fixtures.emptyReport, flavor: flavor)
        HTMLSafetyChecks.expectSafe(html)
        let text = HTMLInspector.parse(html).text
        #expect(text.contains("No stories were seen in this period."))
        #expect(text.contains("No feeds were checked in this period."))
        #expect(text.contains("newswatch watch add NAME QUERY"))
    }

    @Test func anEmptyReportRendersAsText() throws {
        let text = try Fixtures.renderer().text(Fixtures.emptyReport)
        #expect(text.contains("No stories in this period."))
        #expect(text.contains("No feeds were checked in this period."))
        #expect(text.contains("No watches are set up."))
        #expect(!text.contains("\n\n\n"))
    }

    @Test func aQuietWatchAndHealthyFeedsReadWell() throws {
        var report = DigestReport.sample(endingAt: Fixtures.end)
        report.feedProblems = []
        let renderer = try Fixtures.renderer()
        let html = HTMLInspector.parse(try renderer.html(report)).text
        #expect(html.contains("Nothing matched this watch in this period."))
        #expect(html.contains("All 48 feeds checked are healthy."))
        let text = try renderer.text(report)
        #expect(text.contains("Nothing matched this watch in this period."))
        #expect(text.contains("All 48 feeds checked are healthy."))
    }

    @Test func aWatchWithoutTrendDataSaysSoInsteadOfDrawingAnEmptyChart() throws {
        var report = DigestReport.sample(endingAt: Fixtures.end)
        report.watches[2].trend = []
        let renderer = try Fixtures.renderer()
        let file = HTMLInspector.parse(try renderer.html(report, flavor: .file))
        #expect(file.elements(named: "svg").count == 2)
        #expect(file.text.contains("No trend data yet."))
        let text = try renderer.text(report)
        #expect(text.contains("Stories per day: No trend data yet."))
    }
}
