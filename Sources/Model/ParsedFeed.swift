import Foundation

/// The syndication format a document was sniffed as; raw values are the `parse --json` names.
public enum FeedFormat: String, Sendable, Codable, Hashable {
    case rss20, rss10, rss09x, atom10, atom03, json1
}

/// Everything the parser extracts from one feed document: the values newswatch stores.
public struct ParsedFeed: Sendable, Hashable, Codable {
    public var format: FeedFormat
    public var title: String?
    public var link: String?
    public var subtitle: String?
    public var language: String?
    public var updated: Date?
    /// Well-formedness and encoding problems the parser recovered from; never warnings about optional elements.
    public var errors: [String]
    public var entries: [ParsedEntry]
    /// Publisher hints for the scheduler: RSS `<ttl>` in minutes and `sy:updatePeriod`/`sy:updateFrequency` as seconds.
    public var ttlMinutes: Int?
    public var updateIntervalSeconds: Double?

    public init(format: FeedFormat, title: String? = nil, link: String? = nil, subtitle: String? = nil,
                language: String? = nil, updated: Date? = nil, errors: [String] = [], entries: [ParsedEntry] = [],
                ttlMinutes: Int? = nil, updateIntervalSeconds: Double? = nil) {
        self.format = format; self.title = title; self.link = link; self.subtitle = subtitle; self.language = language
        self.updated = updated; self.errors = errors; self.entries = entries; self.ttlMinutes = ttlMinutes
        self.updateIntervalSeconds = updateIntervalSeconds
    }
}

/// One entry of a feed, with text already decoded, sanitized and resolved.
public struct ParsedEntry: Sendable, Hashable, Codable {
    /// guid/id, else link, else a hash of title, date and text.
    public var id: String
    /// Plain text: entities decoded, markup removed, whitespace collapsed.
    public var title: String
    public var link: String?
    /// `link` without tracking parameters and fragment, used to recognise the same article across feeds.
    public var canonicalLink: String?
    public var published: Date?
    public var updated: Date?
    /// `Name (email)` when both are known, else the name or the email.
    public var authors: [String]
    public var categories: [String]
    /// Sanitized HTML with relative URLs resolved.
    public var summary: String?
    public var content: String?
    /// A plain-text rendering of content (or summary), for matching and clustering.
    public var text: String
    public var enclosures: [Enclosure]

    public init(id: String, title: String, link: String? = nil, canonicalLink: String? = nil, published: Date? = nil,
                updated: Date? = nil, authors: [String] = [], categories: [String] = [], summary: String? = nil,
                content: String? = nil, text: String = "", enclosures: [Enclosure] = []) {
        self.id = id; self.title = title; self.link = link; self.canonicalLink = canonicalLink; self.published = published
        self.updated = updated; self.authors = authors; self.categories = categories; self.summary = summary
        self.content = content; self.text = text; self.enclosures = enclosures
    }
}

public struct Enclosure: Sendable, Hashable, Codable {
    public var url: String
    public var type: String?
    public var length: Int64?
    public init(url: String, type: String? = nil, length: Int64? = nil) { self.url = url; self.type = type; self.length = length }
}
