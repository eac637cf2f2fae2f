import Foundation
import Model
import Fetch
import FeedParser
import Store

/// Adding, importing and exporting feeds.
public struct Subscriptions {
    let store: SQLiteStore
    let fetchOptions: FetchOptions

    public init(store: SQLiteStore, fetchOptions: FetchOptions) { self.store = store; self.fetchOptions = fetchOptions }

    /// Reads an OPML file (relative feed paths resolve against its folder).
    public static func readOPML(path: String) throws(NewsWatchError) -> [OPMLOutline] {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NewsWatchError("cannot read \(path): \(Self.reason(error))")
        }
        do { return try OPML.parse([UInt8](data), baseURL: url.deletingLastPathComponent()) } catch {
            throw NewsWatchError("\(path): \(error.message)")
        }
    }

    /// Adds every feed of the OPML file that is not subscribed yet; existing feeds keep their history.
    /// Returns how many were added.
    @discardableResult
    public func importOPML(path: String) throws(NewsWatchError) -> (added: Int, total: Int) {
        let outlines = try Self.readOPML(path: path)
        var added = 0
        do {
            try store.transaction {
                for outline in outlines {
                    let url = Self.normalizedFeedURL(outline.xmlURL)
                    if try store.addFeed(url: url, title: outline.title, siteLink: outline.htmlURL, categories: outline.categories).added {
                        added += 1
                    }
                }
            }
        } catch { throw NewsWatchError("\(path): \(error)") }
        return (added, outlines.count)
    }

    /// Writes every subscription as OPML.
    public func exportOPML() throws(NewsWatchError) -> String {
        do {
            let feeds = try store.allFeeds()
            return OPML.render(title: "newswatch subscriptions", outlines: feeds.map {
                OPMLOutline(title: $0.title, xmlURL: $0.url, htmlURL: $0.siteLink)
            })
        } catch { throw NewsWatchError("\(error)") }
    }

    /// What `feeds add` did.
    public struct AddResult: Sendable {
        public var url: String
        public var added: Bool
        /// Set when the URL was a web page and the feed was found through its `<link rel="alternate">`.
        public var discoveredFrom: String?
        public var alternatives: [String]
    }

    /// Subscribes to a feed URL (or a local path). A web page URL is looked up for the feed it advertises.
    public func add(_ input: String) async throws(NewsWatchError) -> AddResult {
        let url = Self.normalizedFeedURL(input)
        if url.hasPrefix("http://") || url.hasPrefix("https://") {
            let response = await Fetcher(options: fetchOptions).fetch(FetchRequest(url: url))
            if let error = response.error { throw NewsWatchError("cannot add \(url): \(error.sentence)") }
            do {
                _ = try FeedParser.parse(response.body, documentURL: response.effectiveURL, httpCharset: response.charset)
            } catch {
                let feeds = FeedDiscovery.alternateFeeds(html: response.body, pageURL: response.effectiveURL)
                guard let chosen = feeds.first else {
                    throw NewsWatchError("cannot add \(url): \(error.message), and the page links to no feed")
                }
                let added = try save(chosen)
                return AddResult(url: chosen, added: added, discoveredFrom: url, alternatives: Array(feeds.dropFirst()))
            }
        } else if url.hasPrefix("file://") {
            let path = URL(string: url)?.path ?? input
            guard FileManager.default.isReadableFile(atPath: path) else { throw NewsWatchError("cannot add \(path): no readable file there") }
        } else {
            throw NewsWatchError("cannot add \(input): not an http(s) URL or a local file")
        }
        return AddResult(url: url, added: try save(url), discoveredFrom: nil, alternatives: [])
    }

    private func save(_ url: String) throws(NewsWatchError) -> Bool {
        do { return try store.addFeed(url: url).added } catch { throw NewsWatchError("\(error)") }
    }

    /// URLs as given; local paths become absolute file:// URLs.
    public static func normalizedFeedURL(_ input: String) -> String {
        if input.contains("://") { return input }
        let absolute = input.hasPrefix("/") ? input : FileManager.default.currentDirectoryPath + "/" + input
        return URL(fileURLWithPath: absolute).standardizedFileURL.absoluteString
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        return ns.localizedDescription
    }
}
