import Foundation
import Model
import CLibXML2

/// Why a document yielded no usable feed.
public struct FeedParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed documents, sniffing the format from the content.
public enum FeedParser {
    /// Parses a whole document.
    /// - Parameters:
    ///   - documentURL: where the document came from; the last base for relative URLs.
    ///   - httpCharset: the charset parameter of the response's Content-Type, if any.
    ///   - contentLocation: the response's Content-Location, a base between xml:base and the document URL.
    public static func parse(_ data: [UInt8], documentURL: String? = nil, httpCharset: String? = nil,
                             contentLocation: String? = nil) throws(FeedParseError) -> ParsedFeed {
        throw FeedParseError("parser not implemented yet")
    }
}

/// Finds feeds advertised by a web page through `<link rel="alternate" type="application/rss+xml" href=...>`.
public enum FeedDiscovery {
    /// Feed URLs the page links to, resolved against `pageURL`, best first (RSS/Atom/JSON Feed types).
    public static func alternateFeeds(html: [UInt8], pageURL: String) -> [String] { [] }
}
