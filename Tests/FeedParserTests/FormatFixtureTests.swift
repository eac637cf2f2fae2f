import Foundation
import Model
import Testing
@testable import FeedParser

/// One expected value per row: the fixture, the field path and the value feedparser-style parsing yields.
struct FixtureExpectation: CustomStringConvertible, Sendable {
    let file: String
    let field: String
    let expected: String?
    var description: String { "\(file) \(field)" }
}

private func value(_ feed: ParsedFeed, _ field: String) -> String? {
    let parts = field.split(separator: ".")
    if parts[0] == "feed" {
        switch parts[1] {
        case "format": return feed.format.rawValue
        case "title": return feed.title
        case "link": return feed.link
        case "subtitle": return feed.subtitle
        case "language": return feed.language
        case "updated": return iso(feed.updated)
        case "ttl": return feed.ttlMinutes.map(String.init)
        case "interval": return feed.updateIntervalSeconds.map { String(Int($0)) }
        case "entries": return String(feed.entries.count)
        case "errors": return feed.errors.isEmpty ? "none" : "some"
        default: return "unknown field"
        }
    }
    guard let index = Int(parts[0].dropFirst()), index < feed.entries.count else { return "no such entry" }
    let e = feed.entries[index]
    switch parts[1] {
    case "id": return e.id
    case "title": return e.title
    case "link": return e.link
    case "canonical": return e.canonicalLink
    case "published": return iso(e.published)
    case "updated": return iso(e.updated)
    case "authors": return e.authors.joined(separator: "|")
    case "categories": return e.categories.joined(separator: "|")
    case "summary": return e.summary
    case "content": return e.content
    case "text": return e.text
    case "enclosures": return e.enclosures.map { "\($0.url) \($0.type ?? "-") \($0.length.map(String.init) ?? "-")" }.joined(separator: "|")
    default: return "unknown field"
    }
}

let formatExpectations: [FixtureExpectation] = [
    // RSS 2.0
    .init(file: "rss20-basic.xml", field: "feed.format", expected: "rss20"),
    .init(file: "rss20-basic.xml", field: "feed.title", expected: "Harbour Town & Valley Gazette"),
    .init(file: "rss20-basic.xml", field: "feed.link", expected: "https://gazette.example.org/"),
    .init(file: "rss20-basic.xml", field: "feed.language", expected: "en-gb"),
    .init(file: "rss20-basic.xml", field: "feed.updated", expected: "2019-11-18T06:05:00Z"),
    .init(file: "rss20-basic.xml", field: "feed.ttl", expected: "30"),
    .init(file: "rss20-basic.xml", field: "feed.interval", expected: "1800"),
    .init(file: "rss20-basic.xml", field: "feed.entries", expected: "3"),
    .init(file: "rss20-basic.xml", field: "feed.errors", expected: "none"),
    .init(file: "rss20-basic.xml", field: "e0.id", expected: "gazette-4411"),
    .init(file: "rss20-basic.xml", field: "e0.link", expected: "https://gazette.example.org/2019/11/ferry?utm_source=rss&utm_medium=feed&page=2#comments"),
    .init(file: "rss20-basic.xml", field: "e0.canonical", expected: "https://gazette.example.org/2019/11/ferry?page=2"),
    .init(file: "rss20-basic.xml", field: "e0.published", expected: "2019-11-18T06:05:00Z"),
    .init(file: "rss20-basic.xml", field: "e0.authors", expected: "Mara Quill (desk@gazette.example.org)"),
    .init(file: "rss20-basic.xml", field: "e0.categories", expected: "Transport|Harbour"),
    .init(file: "rss20-basic.xml", field: "e0.summary", expected: "The <b>morning</b> ferry leaves ten minutes earlier."),
    .init(file: "rss20-basic.xml", field: "e0.content", expected: "<p>The morning ferry now leaves at <strong>07:20</strong>.</p><p>See <a href=\"http://fixtures.example/timetable\">the timetable</a>.</p>"),
    .init(file: "rss20-basic.xml", field: "e0.text", expected: "The morning ferry now leaves at 07:20. See the timetable."),
    .init(file: "rss20-basic.xml", field: "e0.enclosures", expected: "https://gazette.example.org/audio/ferry.mp3 audio/mpeg 482113"),
    .init(file: "rss20-basic.xml", field: "e1.id", expected: "https://gazette.example.org/2019/11/library"),
    .init(file: "rss20-basic.xml", field: "e1.authors", expected: "Tomas Wren"),
    .init(file: "rss20-basic.xml", field: "e1.updated", expected: "2019-11-17T14:30:00Z"),
    .init(file: "rss20-basic.xml", field: "e1.enclosures", expected: "https://gazette.example.org/img/library.jpg image/jpeg 20480"),
    .init(file: "rss20-basic.xml", field: "e2.title", expected: ""),
    .init(file: "rss20-basic.xml", field: "e2.published", expected: "2019-11-17T14:00:00Z"),
    // RSS 0.91 with the Netscape DTD and HTML entities
    .init(file: "rss091-netscape.xml", field: "feed.format", expected: "rss09x"),
    .init(file: "rss091-netscape.xml", field: "feed.title", expected: "Café Notes — weekly"),
    .init(file: "rss091-netscape.xml", field: "e0.title", expected: "Crème brûlée & other “classics”"),
    .init(file: "rss091-netscape.xml", field: "e0.summary", expected: "Sugar &amp; fire … <i>what else?</i>"),
    // RSS 1.0 and 0.90
    .init(file: "rss10-rdf.xml", field: "feed.format", expected: "rss10"),
    .init(file: "rss10-rdf.xml", field: "feed.language", expected: "en"),
    .init(file: "rss10-rdf.xml", field: "feed.updated", expected: "2020-03-01T12:00:00Z"),
    .init(file: "rss10-rdf.xml", field: "e0.id", expected: "http://science.example.com/a/1"),
    .init(file: "rss10-rdf.xml", field: "e0.updated", expected: "2020-02-28T14:15:00Z"),
    .init(file: "rss10-rdf.xml", field: "e0.authors", expected: "Ines Alvarado"),
    .init(file: "rss10-rdf.xml", field: "e0.categories", expected: "Climate"),
    .init(file: "rss10-rdf.xml", field: "e1.id", expected: "urn:science:2"),
    .init(file: "rss10-rdf.xml", field: "e1.updated", expected: "2020-02-01T00:00:00Z"),
    .init(file: "rss090.xml", field: "feed.format", expected: "rss09x"),
    .init(file: "rss090.xml", field: "feed.entries", expected: "2"),
    .init(file: "rss090.xml", field: "e1.link", expected: "http://portal.example.com/2"),
    // Atom 1.0
    .init(file: "atom10-full.xml", field: "feed.format", expected: "atom10"),
    .init(file: "atom10-full.xml", field: "feed.title", expected: "Notizen & Gedanken"),
    .init(file: "atom10-full.xml", field: "feed.link", expected: "https://blog.example.de/"),
    .init(file: "atom10-full.xml", field: "feed.language", expected: "de"),
    .init(file: "atom10-full.xml", field: "feed.updated", expected: "2021-06-01T06:00:00Z"),
    .init(file: "atom10-full.xml", field: "e0.title", expected: "Sommer <in> der Stadt"),
    .init(file: "atom10-full.xml", field: "e0.link", expected: "https://blog.example.de/posts/sommer.html"),
    .init(file: "atom10-full.xml", field: "e0.enclosures", expected: "https://blog.example.de/img/sommer.jpg image/jpeg 1234"),
    .init(file: "atom10-full.xml", field: "e0.published", expected: "2021-05-31T18:30:00Z"),
    .init(file: "atom10-full.xml", field: "e0.updated", expected: "2021-06-01T05:00:00Z"),
    .init(file: "atom10-full.xml", field: "e0.authors", expected: "Lena Vogt (lena@example.de)"),
    .init(file: "atom10-full.xml", field: "e0.categories", expected: "stadt|sommer"),
    .init(file: "atom10-full.xml", field: "e0.summary", expected: "<p>Heiß <a href=\"https://blog.example.de/posts/karte\">hier</a></p>"),
    .init(file: "atom10-full.xml", field: "e0.content", expected: "<p>Ein <b>warmer</b> Tag &amp; <a href=\"https://other.example.de/x.html\">mehr</a>.</p>"),
    .init(file: "atom10-full.xml", field: "e1.authors", expected: "anon@example.de"),
    .init(file: "atom10-full.xml", field: "e1.content", expected: "1 &lt; 2 &amp; 3 &gt; 2"),
    .init(file: "atom10-full.xml", field: "e1.text", expected: "1 < 2 & 3 > 2"),
    // Atom 0.3
    .init(file: "atom03.xml", field: "feed.format", expected: "atom03"),
    .init(file: "atom03.xml", field: "feed.subtitle", expected: "Still going"),
    .init(file: "atom03.xml", field: "feed.updated", expected: "2004-12-13T18:30:02Z"),
    .init(file: "atom03.xml", field: "e0.published", expected: "2004-12-13T12:29:29Z"),
    .init(file: "atom03.xml", field: "e0.content", expected: "<p>Hello <em>there</em></p>"),
    // JSON Feed
    .init(file: "jsonfeed11.json", field: "feed.format", expected: "json1"),
    .init(file: "jsonfeed11.json", field: "feed.link", expected: "https://radio.example.com/"),
    .init(file: "jsonfeed11.json", field: "e0.title", expected: "Episode 2: Tides"),
    .init(file: "jsonfeed11.json", field: "e0.link", expected: "https://radio.example.com/episodes/2?fbclid=abc"),
    .init(file: "jsonfeed11.json", field: "e0.canonical", expected: "https://radio.example.com/episodes/2"),
    .init(file: "jsonfeed11.json", field: "e0.content", expected: "<p>Tides explained.</p>"),
    .init(file: "jsonfeed11.json", field: "e0.published", expected: "2022-01-02T18:00:00Z"),
    .init(file: "jsonfeed11.json", field: "e0.authors", expected: "Rae Moss"),
    .init(file: "jsonfeed11.json", field: "e0.enclosures", expected: "https://radio.example.com/ep2.mp3 audio/mpeg 9000"),
    .init(file: "jsonfeed11.json", field: "e1.id", expected: "1"),
    .init(file: "jsonfeed11.json", field: "e1.content", expected: "Plain &amp; simple"),
    // Ill-formed documents
    .init(file: "illformed-entities.xml", field: "feed.title", expected: "Broken Feed"),
    .init(file: "illformed-entities.xml", field: "feed.errors", expected: "some"),
    .init(file: "illformed-entities.xml", field: "feed.entries", expected: "3"),
    .init(file: "illformed-entities.xml", field: "e0.title", expected: "Tom & Jerry return"),
    .init(file: "illformed-entities.xml", field: "e0.link", expected: "http://broken.example.com/1?a=1&b=2"),
    .init(file: "illformed-entities.xml", field: "e0.summary", expected: "Fish &amp; chips © 2020 &amp;bogus; AT&amp;T"),
    .init(file: "illformed-entities.xml", field: "e1.title", expected: "Unclosed bold"),
    .init(file: "illformed-entities.xml", field: "e1.summary", expected: "Still &amp; here"),
    .init(file: "illformed-entities.xml", field: "e2.title", expected: "Third & last"),
    // Raw, unbalanced HTML inside descriptions
    .init(file: "raw-html-description.xml", field: "feed.entries", expected: "5"),
    .init(file: "raw-html-description.xml", field: "feed.errors", expected: "some"),
    .init(file: "raw-html-description.xml", field: "e0.summary", expected: "<p>Line<br />two</p><img src=\"http://raw.example.com/x.png\" />"),
    .init(file: "raw-html-description.xml", field: "e0.link", expected: "http://raw.example.com/1"),
    .init(file: "raw-html-description.xml", field: "e1.summary", expected: "a &amp; b"),
    .init(file: "raw-html-description.xml", field: "e1.link", expected: "http://raw.example.com/2"),
    .init(file: "raw-html-description.xml", field: "e2.summary", expected: "<p>open para <b>bold</b></p>"),
    .init(file: "raw-html-description.xml", field: "e2.link", expected: "http://raw.example.com/3"),
    .init(file: "raw-html-description.xml", field: "e3.summary", expected: "x<br />y"),
    .init(file: "raw-html-description.xml", field: "e4.link", expected: "http://raw.example.com/5"),
    // Character references inside attribute values
    .init(file: "attribute-references.xml", field: "e0.enclosures", expected: "http://attr.example.com/a.mp3?x=1&y=2 audio/mpeg 5"),
    .init(file: "attribute-references.xml", field: "e1.enclosures", expected: "http://attr.example.com/b.mp3?x=1&y=2\u{00A0} audio/mpeg 5"),
    .init(file: "attribute-references.xml", field: "e2.title", expected: "Later & still here"),
    .init(file: "attribute-references.xml", field: "e2.summary", expected: "<p title=\"café &amp; co\">x</p>"),
    // Relative URIs
    .init(file: "xmlbase.xml", field: "feed.link", expected: "http://base.example.com/root/home.html"),
    .init(file: "xmlbase.xml", field: "e0.link", expected: "http://item.example.com/dir/page.html"),
    .init(file: "xmlbase.xml", field: "e0.summary", expected: "<a href=\"http://item.example.com/up.html\">up</a> <img src=\"http://item.example.com/abs.png\" />"),
    .init(file: "relative-nobase.xml", field: "e0.link", expected: "http://fixtures.example/articles/7"),
    .init(file: "relative-nobase.xml", field: "e0.summary", expected: "<a href=\"http://fixtures.example/more.html\">more</a>"),
    // Encodings
    .init(file: "latin1-cp1252.xml", field: "feed.title", expected: "Journal été"),
    .init(file: "latin1-cp1252.xml", field: "e0.title", expected: "«Les élèves»"),
    .init(file: "latin1-cp1252.xml", field: "e0.summary", expected: "Prix “cit”: 5 €"),
    .init(file: "latin1-cp1252.xml", field: "feed.errors", expected: "none"),
    .init(file: "utf8-invalid.xml", field: "e0.title", expected: "café ok"),
    .init(file: "utf8-invalid.xml", field: "e0.summary", expected: "naïve “quoted”"),
    .init(file: "utf8-invalid.xml", field: "feed.errors", expected: "some"),
    .init(file: "shiftjis.xml", field: "feed.title", expected: "東京ニュース"),
    .init(file: "shiftjis.xml", field: "e0.summary", expected: "日本銀行は金利を据え置いた。"),
    .init(file: "gb2312.xml", field: "e0.title", expected: "北京市政府宣布新的经济刺激计划"),
    .init(file: "euckr.xml", field: "e0.title", expected: "서울 증시는 하락 마감했다."),
    .init(file: "koi8r.xml", field: "e0.title", expected: "Привет мир"),
    .init(file: "utf16le-bom.xml", field: "feed.title", expected: "Sixteen Ω"),
    .init(file: "utf16le-bom.xml", field: "e0.title", expected: "Entrée"),
    .init(file: "cp1251.xml", field: "feed.title", expected: "Новости дня"),
    .init(file: "big5.xml", field: "e0.title", expected: "台北市"),
    .init(file: "eucjp.xml", field: "e0.title", expected: "東京都"),
    .init(file: "latin2.xml", field: "feed.title", expected: "Łódź Gdańsk"),
    .init(file: "utf16be-nobom.xml", field: "feed.title", expected: "UTF16 BE no BOM"),
    .init(file: "iso2022jp.xml", field: "feed.title", expected: "日本語のタイトル"),
    // xml:lang as the feed language; a namespace warning is not an error
    .init(file: "xmllang-warning.xml", field: "feed.language", expected: "pt-BR"),
    .init(file: "xmllang-warning.xml", field: "feed.errors", expected: "none"),
    // Element names in the wrong case
    .init(file: "uppercase-elements.xml", field: "feed.title", expected: "Upper"),
    .init(file: "uppercase-elements.xml", field: "e0.title", expected: "Upper case item"),
    .init(file: "uppercase-elements.xml", field: "e0.published", expected: "2003-06-10T04:00:00Z"),
]

@Test(arguments: formatExpectations)
func fixtureFieldMatches(_ row: FixtureExpectation) throws {
    let feed = try parseFixture(row.file)
    #expect(value(feed, row.field) == row.expected, "\(row.file) \(row.field)")
}

@Test func httpCharsetOverridesSniffing() throws {
    let feed = try parseFixture("http-charset.xml", httpCharset: "iso-8859-1")
    #expect(feed.entries.first?.title == "Zürich")
    #expect(feed.errors.isEmpty)
}

@Test func contentLocationIsTheBaseBeforeTheDocumentURL() throws {
    let feed = try parseFixture("relative-nobase.xml", documentURL: "http://doc.example/feeds/x.xml",
                                contentLocation: "http://mirror.example/news/rss.xml")
    #expect(feed.entries.first?.link == "http://mirror.example/news/articles/7")
}

@Test func itemWithoutGuidOrLinkGetsAStableHashID() throws {
    let a = try parseFixture("rss20-basic.xml"), b = try parseFixture("rss20-basic.xml")
    #expect(a.entries[2].id == b.entries[2].id)
    #expect(a.entries[2].id.hasPrefix("urn:newswatch:"))
}

@Test func updatedFallsBackToPublishedAsInFeedparser() throws {
    let feed = try parseFixture("rss20-basic.xml")
    #expect(iso(feed.entries[0].updated) == "2019-11-18T06:05:00Z")
    #expect(feed.entries[1].published == nil)  // dc:date is an update date, as feedparser reads it
}

@Test func aLocalFilePathIsNoBaseForLinks() throws {
    let feed = try parseFixture("relative-nobase.xml", documentURL: "file:///srv/feeds/relative-nobase.xml")
    #expect(feed.entries.first?.link == "articles/7")
    #expect(feed.entries.first?.summary == "<a href=\"more.html\">more</a>")
}
