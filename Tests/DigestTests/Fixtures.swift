import Digest
import Foundation
import Model

/// Reports for the tests: hostile feed data, very long text, and nothing at all.
enum Fixtures {
    static let end = Date(timeIntervalSince1970: 1_795_762_800) // Fri 27 Nov 2026, 07:00 UTC
    static let utc = TimeZone(identifier: "UTC")!

    static let hostileTitles = [
        "<script>alert('title')</script> Budget vote",
        "Photo <img src=x onerror=alert(1)> of the day",
        "Click javascript:alert(document.cookie) now",
        "\"><svg onload=alert(1)><a href=\"javascript:alert(2)\">x</a>",
        "</title></style></textarea><script src=http://evil.example/x.js></script>",
        "Braces {{title}} and {{{snippet}}} stay text",
        "Control\u{0}chars\u{1B}[31m and \u{202E}reversed\u{202C} text\r\nsplit",
    ]

    static let hostileLinks: [String?] = [
        "javascript:alert(1)", "  JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)", "//evil.example/protocol-relative", "file:///etc/passwd", "/relative/path", nil,
        "https://ok.example/a?b=1&c=<x>\"y\" onmouseover=\"alert(1)", "http://ok.example/with space/and\nnewline",
    ]

    static func hostileStory(_ index: Int) -> StorySummary {
        StorySummary(
            storyID: Int64(index), title: hostileTitles[index % hostileTitles.count], link: hostileLinks[index % hostileLinks.count],
            firstOutlet: index % 2 == 0 ? "<iframe src=\"http://evil.example\"></iframe>" : "Outlet \" onclick=\"alert(1)",
            firstSeen: end.addingTimeInterval(-Double(index) * 1800), outletCount: index + 1,
            otherOutlets: ["<b onmouseover=alert(1)>Bold</b>", "<link rel=stylesheet href=http://evil.example/x.css>", "Plain Outlet"],
            snippet: HighlightedText(segments: [
                .init(text: "Before </mark><script>alert('snippet')</script> ", highlighted: false),
                .init(text: "<img src=http://evil.example/pixel.png>", highlighted: true),
                .init(text: " after <style>body{background:url(http://evil.example/bg.png)}</style>", highlighted: false),
            ]))
    }

    static func trend(_ counts: [Int]) -> [DigestReport.DayCount] {
        counts.enumerated().map { index, count in
            DigestReport.DayCount(day: end.addingTimeInterval(Double(index - counts.count + 1) * 86_400), stories: count)
        }
    }

    static var hostileReport: DigestReport {
        let stories = (0..<hostileLinks.count).map(hostileStory)
        return DigestReport(
            title: "<script>alert('report')</script>",
            periodStart: end.addingTimeInterval(-86_400), periodEnd: end, generated: end,
            totals: .init(itemsFetched: 1, stories: stories.count, alerts: 3, feedsChecked: 2),
            watches: [
                .init(name: "</title><script>alert('watch')</script>", query: "\"><img src=x onerror=alert(1)>",
                      stories: stories, trend: trend([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])),
                .init(name: "javascript:alert(1)", query: "", stories: [], trend: []),
            ],
            topStories: stories.reversed(),
            feedProblems: [
                .init(outlet: "<script>alert('feed')</script>", url: "javascript:alert('feed-url')", state: "broken",
                      reason: "<style>@import url(http://evil.example/x.css)</style> HTTP 500"),
                .init(outlet: "", url: "https://silent.example/feed\"><script>x</script>", state: "silent", reason: ""),
            ])
    }

    static let longURL = "https://news.example/" + String(repeating: "very-long-path-segment/", count: 12) + "story.html?utm_source=x"

    /// Long English, unbroken, CJK, emoji and URL-laden text: the wrapping stress case.
    static var longTextReport: DigestReport {
        let titles = [
            String(repeating: "Parliament debates the long-delayed infrastructure bill again ", count: 4),
            String(repeating: "x", count: 230),
            String(repeating: "中国人民银行宣布下调存款准备金率以支持实体经济发展，", count: 6),
            "東京都は新しい防災計画を発表し、「首都直下地震」への備えを強化すると述べた。" + String(repeating: "日本語の見出し", count: 10),
            "Émissions: l’Assemblée adopte le texte après une nuit de débats 🎉🎉🎉 " + String(repeating: "😀", count: 45),
            "See " + longURL + " for the full text of the report",
        ]
        let stories = titles.enumerated().map { index, title in
            StorySummary(storyID: Int64(index), title: title, link: index == 5 ? longURL : "https://news.example/\(index)",
                         firstOutlet: String(repeating: "Outlet名 ", count: 12), firstSeen: end, outletCount: 40 + index,
                         otherOutlets: (0..<30).map { "Outlet number \($0) 新闻" },
                         snippet: HighlightedText(segments: [
                             .init(text: String(repeating: "关键词测试", count: 20), highlighted: false),
                             .init(text: "芯片", highlighted: true),
                             .init(text: " and a very " + String(repeating: "long ", count: 30) + longURL, highlighted: false),
                         ]))
        }
        return DigestReport(
            title: String(repeating: "Extremely long report title ", count: 5),
            periodStart: end.addingTimeInterval(-86_400), periodEnd: end, generated: end,
            totals: .init(itemsFetched: 123_456_789, stories: 98_765_432, alerts: 1_234_567, feedsChecked: 7_654_321),
            watches: [.init(name: String(repeating: "監視対象 ", count: 20), query: String(repeating: "term OR ", count: 30) + "end",
                            stories: stories, trend: trend([1_000_000, 0, 5, 999_999, 3, 3, 3, 3, 3, 3, 3, 3, 3, 12_345]))],
            topStories: (0..<120).map { stories[$0 % stories.count] },
            feedProblems: [.init(outlet: String(repeating: "问题源 ", count: 20), url: longURL, state: "broken",
                                 reason: String(repeating: "Connection refused while fetching the feed. ", count: 5))])
    }

    static var emptyReport: DigestReport {
        DigestReport(periodStart: end.addingTimeInterval(-86_400), periodEnd: end, generated: end,
                     totals: .init(itemsFetched: 0, stories: 0, alerts: 0, feedsChecked: 0),
                     watches: [], topStories: [], feedProblems: [])
    }

    static func renderer(templates: String? = nil) throws -> DigestRenderer {
        try DigestRenderer(templateDirectory: templates, timeZone: utc)
    }
}
