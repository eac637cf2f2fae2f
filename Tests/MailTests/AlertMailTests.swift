import Foundation
@testable import Mail
import Model
import Testing

@Suite("Alert composition")
struct AlertMailTests {
    func compose(_ stories: [StorySummary], watch: String = "Climate") -> MailMessage {
        AlertMail.compose(watchName: watch, stories: stories, from: "alerts@example.org", to: ["a@example.org"],
                          messageID: "<nw.1@example.org>", date: MailFixtures.date)
    }

    @Test func subjectIsExactlyTheDocumentedForm() {
        #expect(compose([MailFixtures.story(1, title: "A")]).subject == "[newswatch] Climate: 1 new stories")
        #expect(compose((1...3).map { MailFixtures.story($0, title: "S\($0)") }, watch: "Ürümqi").subject
                == "[newswatch] Ürümqi: 3 new stories")
    }

    @Test func plainTextListsEachStoryWithOutletsSnippetAndLink() {
        let longTitle = Array(repeating: "Parliament debates the flood relief budget", count: 4).joined(separator: " ")
        var longOutlet = MailFixtures.story(3, title: longTitle, outlets: 2)
        longOutlet.firstOutlet = "The Very Long Name of a Regional Broadcasting Corporation of the North"
        let message = compose([MailFixtures.story(1, title: "Floods hit\nthe north", outlets: 1),
                               MailFixtures.story(2, title: "Strike ends", outlets: 23, coverageStep: 20), longOutlet],
                              watch: String(repeating: "flood ", count: 20))
        let text = message.textBody
        #expect(text.contains("1. Floods hit the north"))
        #expect(text.contains("First reported by Example Times · 1 outlet"))
        #expect(text.contains("Police said the *protest* continued overnight."))
        #expect(text.contains("https://news.example.org/story/1?a=1&b=2"))
        #expect(text.contains("now reported by 20 outlets (23 so far)"))
        #expect(text.contains("3. Parliament debates"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.contains("https://") })
    }

    @Test func htmlEscapesFeedTextAndDropsUnsafeLinks() {
        let message = compose([
            MailFixtures.story(1, title: "<script>alert('x')</script> & \"quotes\"", link: "javascript:alert(1)",
                               snippet: [("<img src=x onerror=alert(1)>", false), ("match", true)]),
            MailFixtures.story(2, title: "Fine", link: "https://example.org/a\"onmouseover=\"x"),
        ])
        let html = message.htmlBody ?? ""
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("javascript:"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("<mark style=\"background:#ffe58f;color:#1f2328;\"><strong>match</strong></mark>"))
        #expect(html.contains("href=\"https://example.org/a&quot;onmouseover=&quot;x\""))
        #expect(!html.contains("\"onmouseover"))
    }
}
