@testable import Digest
import Foundation
import Testing

/// Display columns counted independently of the renderer: East Asian wide ranges and emoji as 2.
private func columns(_ line: Substring) -> Int {
    line.reduce(0) { total, character in
        let scalar = character.unicodeScalars.first!.value
        let wide = (0x1100...0x115F).contains(scalar) || (0x2E80...0xA4CF).contains(scalar) || (0xAC00...0xD7A3).contains(scalar)
            || (0xF900...0xFAFF).contains(scalar) || (0xFE30...0xFE4F).contains(scalar) || (0xFF00...0xFF60).contains(scalar)
            || (0xFFE0...0xFFE6).contains(scalar) || (0x1F300...0x1FAFF).contains(scalar) || (0x20000...0x3FFFD).contains(scalar)
        return total + (wide ? 2 : 1)
    }
}

private func isURLLine(_ line: Substring) -> Bool {
    let content = line.drop { $0 == " " }
    return (content.hasPrefix("https://") || content.hasPrefix("http://")) && !content.contains(" ")
}

private func expectFits(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let tooWide = lines.filter { columns($0) > 80 && !isURLLine($0) }
    #expect(tooWide.isEmpty, "lines over 80 columns: \(tooWide)", sourceLocation: sourceLocation)
    #expect(!lines.contains { $0.hasSuffix(" ") && $0 != "-- " }, "trailing spaces", sourceLocation: sourceLocation)
}

@Suite struct TextLayoutTests {
    @Test func longTitlesCJKAndURLsStayWithin80Columns() throws {
        let text = try Fixtures.renderer().text(Fixtures.longTextReport)
        expectFits(text)
        // The long URL is kept whole on a line of its own, so it stays clickable.
        #expect(text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == Fixtures.longURL })
        // CJK text is wrapped (no line is only a fragment of the original without it being split somewhere).
        #expect(text.contains("中国人民银行"))
    }

    @Test func hostileAndSampleReportsStayWithin80Columns() throws {
        let renderer = try Fixtures.renderer()
        expectFits(try renderer.text(Fixtures.hostileReport))
        let sample = try renderer.text(DigestReport.sample(endingAt: Fixtures.end))
        expectFits(sample)
        #expect(sample.contains("Ministers agree to triple grid storage by 2030 after all-night climate talks"))
        #expect(sample.contains("11 outlets · first Harbour Times, Thu 26 Nov, 22:00"))
        #expect(sample.contains("*emissions*"))
        #expect(sample.contains("Fri 27 Nov  ██████████████████████████████    7"))
        #expect(sample.contains("[BROKEN] Valley Gazette Business"))
    }

    @Test func wrapsWithHangingIndent() {
        let wrapper = TextWrapper(width: 30)
        let lines = wrapper.wrap("The quick brown fox jumps over the lazy dog again and again", first: " 1. ", rest: "    ")
        #expect(lines == [" 1. The quick brown fox jumps", "    over the lazy dog again", "    and again"])
    }

    @Test func breaksCJKBetweenCharactersButNotBeforeClosingPunctuation() {
        let wrapper = TextWrapper(width: 10)
        let lines = wrapper.wrap("今天天气很好。我们去公园散步吧")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 10 })
        #expect(lines.joined() == "今天天气很好。我们去公园散步吧")
        #expect(!lines.contains { $0.hasPrefix("。") })
        #expect(lines.first == "今天天气很")
    }

    @Test func splitsOverlongWordsButKeepsURLsWhole() {
        let wrapper = TextWrapper(width: 20)
        #expect(wrapper.wrap(String(repeating: "a", count: 45), first: "  ", rest: "  ")
            == ["  " + String(repeating: "a", count: 18), "  " + String(repeating: "a", count: 18), "  " + String(repeating: "a", count: 9)])
        let url = "https://example.com/a/very/long/path/that/does/not/fit"
        #expect(wrapper.wrap("see \(url) here", first: " 1. ", rest: "    ") == [" 1. see", "    " + url, "    here"])
    }

    @Test func countsDisplayWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("한국어") == 6)
    }
}
