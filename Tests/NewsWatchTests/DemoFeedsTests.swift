import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import NewsWatch

/// Keeps the offline demo honest: the feeds parse (except the ones broken on purpose, which stay
/// broken in exactly the intended way), the OPML lists them all, the events the demo shows are
/// covered by several outlets, and the demo config loads.
@Suite struct DemoFeedsTests {
    static let feedsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Feeds")
    static let demoFolder = feedsFolder.appendingPathComponent("demo")

    /// The unusable feed: an HTML error page saved where the feed should be.
    static let brokenFeed = "coastal-bulletin.xml"
    /// The feed a recovering parser must still read, with the defects it was written with.
    static let recoverableFeed = "taipei-morning-wire.xml"
    static let recoverableDefects = [(" & ", " &amp; "), ("&nbsp;", "&#160;")]

    static func demoFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: demoFolder.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func text(of file: String) throws -> String {
        try String(contentsOf: demoFolder.appendingPathComponent(file), encoding: .utf8)
    }

    /// Strict XML parsing: element names (local, namespaces processed) or the parser's error.
    final class ElementCollector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var attributes: [[String: String]] = []
        var errors: [String] = []
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            errors.append("line \(parser.lineNumber): \(parseError)")
        }
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes attributeDict: [String: String]) {
            elements.append(elementName)
            attributes.append(attributeDict)
        }
    }

    static func parseXML(_ text: String) -> (collector: ElementCollector, error: String?) {
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldProcessNamespaces = true
        let collector = ElementCollector()
        parser.delegate = collector
        // On Linux, parse() can return true after recovering from errors: any reported error counts.
        let ok = parser.parse()
        if let first = collector.errors.first { return (collector, first) }
        if !ok || parser.parserError != nil { return (collector, String(describing: parser.parserError ?? CocoaError(.fileReadCorruptFile))) }
        return (collector, nil)
    }

    static func itemCount(_ collector: ElementCollector) -> Int {
        collector.elements.filter { $0 == "item" || $0 == "entry" }.count
    }

    @Test func everyWorkingXMLFeedIsWellFormed() throws {
        let xmlFeeds = try Self.demoFiles().filter { !$0.hasSuffix(".json") && $0 != Self.brokenFeed && $0 != Self.recoverableFeed }
        #expect(xmlFeeds.count >= 6)
        for file in xmlFeeds {
            let (collector, error) = Self.parseXML(try Self.text(of: file))
            #expect(error == nil, "\(file): \(error ?? "")")
            #expect(["rss", "feed", "RDF"].contains(collector.elements.first ?? ""), "\(file) has root \(collector.elements.first ?? "none")")
            #expect(Self.itemCount(collector) >= 3, "\(file) has too few items")
        }
    }

    @Test func formatsCoverRSS2AtomRSS1AndJSONFeed() throws {
        var roots: Set<String> = []
        for file in try Self.demoFiles() where file.hasSuffix(".xml") || file.hasSuffix(".rdf") {
            guard file != Self.brokenFeed else { continue }
            var text = try Self.text(of: file)
            if file == Self.recoverableFeed {
                for (defect, repair) in Self.recoverableDefects { text = text.replacingOccurrences(of: defect, with: repair) }
            }
            if let root = Self.parseXML(text).collector.elements.first { roots.insert(root) }
        }
        #expect(roots == ["rss", "feed", "RDF"])
        #expect(try Self.demoFiles().contains { $0.hasSuffix(".json") })
    }

    @Test func recoverableFeedIsBrokenOnlyByItsIntendedDefects() throws {
        var text = try Self.text(of: Self.recoverableFeed)
        #expect(Self.parseXML(text).error != nil, "the recoverable feed should not be well-formed")
        for (defect, repair) in Self.recoverableDefects {
            #expect(text.contains(defect))
            text = text.replacingOccurrences(of: defect, with: repair)
        }
        let (collector, error) = Self.parseXML(text)
        #expect(error == nil, "\(error ?? "")")
        #expect(Self.itemCount(collector) == 5)
    }

    @Test func brokenFeedIsNotAFeed() throws {
        let text = try Self.text(of: Self.brokenFeed)
        let (collector, error) = Self.parseXML(text)
        #expect(error != nil, "the broken feed parsed as XML")
        #expect(!collector.elements.contains { ["rss", "feed", "RDF", "item", "entry"].contains($0) })
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) == nil)
    }

    @Test func jsonFeedIsValidJSONFeed11() throws {
        for file in try Self.demoFiles() where file.hasSuffix(".json") {
            let data = try Data(contentsOf: Self.demoFolder.appendingPathComponent(file))
            let feed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(file)")
            #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
            #expect(feed["title"] is String)
            let items = try #require(feed["items"] as? [[String: Any]])
            #expect(items.count >= 3)
            for item in items {
                #expect(item["id"] is String && item["url"] is String && item["date_published"] is String, "\(item)")
                #expect(item["content_html"] is String || item["content_text"] is String)
            }
        }
    }

    @Test func demoOPMLListsEveryDemoFileByRelativePath() throws {
        let text = try String(contentsOf: Self.feedsFolder.appendingPathComponent("demo.opml"), encoding: .utf8)
        let (collector, error) = Self.parseXML(text)
        #expect(error == nil, "\(error ?? "")")
        let listed = collector.attributes.compactMap { $0["xmlUrl"] }
        #expect(listed.count == Set(listed).count, "a feed is listed twice")
        #expect(listed.sorted() == (try Self.demoFiles()).map { "demo/" + $0 })
        let groups = collector.elements.indices.filter { collector.elements[$0] == "outline" && collector.attributes[$0]["xmlUrl"] == nil }
        #expect(groups.count >= 4)
    }

    @Test func eachDemoEventIsReportedByAtLeastThreeOutlets() throws {
        // Each event is recognized by its facts (places, numbers), whatever words an outlet uses.
        let events: [(name: String, facts: [[String]])] = [
            ("Xinjiang detention sites", [["Xinjiang", "新疆"], ["74"], ["Kashgar", "喀什"]]),
            ("Port of Santos strike", [["Santos"], ["6,000", "6 mil"], ["48"]]),
            ("Swiss central bank rate cut", [["0.25", "0,25"], ["0.3", "0,3"]]),
            ("Hualien earthquake", [["Hualien", "花莲"], ["6.4"], ["146"]]),
        ]
        let texts = try Self.demoFiles().filter { $0 != Self.brokenFeed }.map { try Self.text(of: $0) }
        for event in events {
            let outlets = texts.filter { text in event.facts.allSatisfy { alternatives in alternatives.contains(where: text.contains) } }
            #expect(outlets.count >= 3, "\(event.name) is covered by \(outlets.count) outlets")
        }
    }

    @Test func demoHasChineseAndAccentedLatinText() throws {
        let all = try Self.demoFiles().map { try Self.text(of: $0) }.joined()
        for sample in ["地震", "新疆", "é", "ç", "ã", "ü", "Zürich", "São Paulo", "Besan&amp;ccedil;on"] {
            #expect(all.contains(sample), "no \(sample) in the demo feeds")
        }
    }

    @Test func demoConfigLoadsItsWatches() throws {
        let path = Self.feedsFolder.appendingPathComponent("demo.toml").path
        let config = try NewsWatchConfig.load(path: path, mustExist: true)
        #expect(config.watches.map(\.name) == ["xinjiang-detention", "port-strikes", "swiss-rates", "taiwan-quake"])
        #expect(config.watches[0].query == "(Xinjiang OR Uyghur OR Uighur OR 新疆) NEAR/5 detention*")
        #expect(config.watches[0].email == ["desk@example.org"])
        #expect(config.watches[1].query.contains("\"port strike\""))
        #expect(config.watches[2].query.hasPrefix("title:(") && config.watches[2].query.contains("Zürich"))
        #expect(config.watches[3].query.contains("地震"))
        #expect(config.watches.allSatisfy { !$0.email.isEmpty })
        #expect(config.stories.window.seconds == 3 * 86_400)
        #expect(config.alerts.coverageSteps.isEmpty)
        #expect(!config.smtp.isConfigured)
    }

    @Test func worldNewsOPMLIsAWellFormedStarterList() throws {
        let text = try String(contentsOf: Self.feedsFolder.appendingPathComponent("world-news.opml"), encoding: .utf8)
        let (collector, error) = Self.parseXML(text)
        #expect(error == nil, "\(error ?? "")")
        let urls = collector.attributes.compactMap { $0["xmlUrl"] }
        #expect((40...70).contains(urls.count))
        #expect(Set(urls).count == urls.count, "a feed is listed twice")
        #expect(urls.allSatisfy { URL(string: $0)?.scheme == "https" || URL(string: $0)?.scheme == "http" })
        let regions = Set(collector.attributes.filter { $0["xmlUrl"] == nil }.compactMap { $0["text"] })
        #expect(regions.isSuperset(of: ["Africa", "Americas", "Asia-Pacific", "Europe", "Middle East"]))
    }
}
