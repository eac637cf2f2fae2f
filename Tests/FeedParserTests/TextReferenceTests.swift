import Testing
@testable import FeedParser

/// The pre-pass hands libxml2 some characters of references in text as they are (`>`, `"`, `'`, HTML names):
/// the values must be the same as through references, and no `]]>` may appear in text, even across chunks.
@Test func charactersOfReferencesInTextArriveIntact() throws {
    let xml = """
        <rss version="2.0"><channel><title>T</title><item><guid>1</guid>
        <title>a]]&gt;b &gt; c &quot;d&quot; &apos;e&apos; f&#62;g &amp;lt;</title>
        <description>&lt;p&gt;x&amp;nbsp;y&nbsp;&rdquo;z&ldquo; 1&gt;0 &lt;b&gt;&lt;/b&gt;]]&gt;&lt;/p&gt;</description>
        </item></channel></rss>
        """
    let feed = try parseString(xml)
    let entry = try #require(feed.entries.first)
    #expect(entry.title == "a]]>b > c \"d\" 'e' f>g <")  // an RSS title is HTML: "&lt;" is decoded
    #expect(entry.summary == "<p>x\u{A0}y\u{A0}\u{201D}z\u{201C} 1&gt;0 <b></b>]]&gt;</p>")
    #expect(entry.text == "x y \u{201D}z\u{201C} 1>0 ]]>")
    // Only the pre-pass's own note about the HTML name: libxml2 saw well-formed text.
    #expect(feed.errors == ["undefined entity &nbsp; read as the HTML character"])
}

@Test func closingBracketsBeforeAChunkBoundaryKeepTheReference() throws {
    // "]]" ends exactly where FeedParser.parse cuts its first 16 KiB chunk, and "&gt;" starts the next.
    let head = "<rss version=\"2.0\"><channel><item><guid>1</guid><title>"
    let padding = String(repeating: "a", count: (16 << 10) - head.utf8.count - 2)
    let xml = head + padding + "]]&gt;b</title></item></channel></rss>"
    let feed = try parseString(xml)
    #expect(try #require(feed.entries.first).title.hasSuffix("a]]>b"))
    #expect(feed.errors.isEmpty, "\(feed.errors)")
    // Pushed one byte at a time, every reference starts a chunk of its own.
    let parser = FeedPushParser()
    for byte in Array(xml.utf8) { try parser.feed([byte]) }
    let pushed = try parser.finish()
    #expect(pushed.entries.first?.title.hasSuffix("a]]>b") == true)
    #expect(pushed.errors.isEmpty, "\(pushed.errors)")
}

@Test func closingBracketsInTextKeepTheTextBeforeThem() throws {
    // Raw "]]>" is not allowed in XML text, and libxml2 2.9.14 drops the text run before it: the pre-pass escapes the '>'.
    let feed = try parseString("<rss><channel><item><guid>1</guid><title>one two]]>three</title></item></channel></rss>")
    #expect(feed.entries.first?.title == "one two]]>three")
    #expect(feed.errors == ["']]>' in text escaped"])
}

@Test func nonASCIICharactersInTextArriveIntact() throws {
    // Inside elements the pre-pass hands libxml2 a non-ASCII character between ASCII bytes as a reference; runs of
    // non-ASCII text (the Japanese words) stay as they are. Either way the text must be the same, pushed whole, cut at
    // the 16 KiB chunk boundary inside a character, or byte by byte.
    let text = "caf\u{E9} na\u{EF}ve \u{2019}quoted\u{2019} \u{1F600} \u{65E5}\u{672C}\u{8A9E} \u{306E}x \u{FFFD}!"
    let item = "<item><guid>1</guid><title>\(text)</title><description>\(text)</description></item>"
    let head = "<rss version=\"2.0\"><channel><title>T</title><item><guid>0</guid><title>"
    // The 'é' of "café" straddles the first chunk boundary.
    let padding = String(repeating: "a", count: (16 << 10) - head.utf8.count - 4)
    let xml = head + padding + "caf\u{E9}</title></item>" + item + "</channel></rss>"
    let feed = try parseString(xml)
    #expect(feed.entries.count == 2)
    #expect(feed.entries.first?.title.hasSuffix("acaf\u{E9}") == true)
    let entry = try #require(feed.entries.last)
    #expect(entry.title == text)
    #expect(entry.summary == text)
    #expect(entry.text == text)
    #expect(feed.errors.isEmpty, "\(feed.errors)")
    let parser = FeedPushParser(documentURL: "http://doc.example/feed.xml")
    for byte in Array(xml.utf8) { try parser.feed([byte]) }
    #expect(try parser.finish() == feed)
}

@Test func closingBracketsSplitAcrossChunksAreEscaped() throws {
    // A raw "]]>" in text whose "]]" ends one chunk and ">" starts the next (the first 16 KiB chunk of FeedParser.parse,
    // or any chunk of a download): escaped as in one chunk, so libxml2 never sees it and keeps the text before it.
    let head = "<rss version=\"2.0\"><channel><item><guid>1</guid><title>"
    for split in 1...2 {  // the boundary after the first or after the second ']'
        let padding = String(repeating: "a", count: (16 << 10) - head.utf8.count - split)
        let xml = head + padding + "]]>three</title></item></channel></rss>"
        let feed = try parseString(xml)
        #expect(try #require(feed.entries.first).title.hasSuffix("aaa]]>three"))
        #expect(feed.errors == ["']]>' in text escaped"], "\(feed.errors)")
    }
    // Pushed one byte at a time (past the first KiB, which is buffered to sniff the charset).
    let xml = head + String(repeating: "b", count: 2000) + "]]>three</title></item></channel></rss>"
    let parser = FeedPushParser()
    for byte in Array(xml.utf8) { try parser.feed([byte]) }
    let pushed = try parser.finish()
    #expect(pushed.entries.first?.title.hasSuffix("bbb]]>three") == true)
    #expect(pushed.errors == ["']]>' in text escaped"], "\(pushed.errors)")
}
