import Foundation
import Model
import CLibXML2

/// One subscription in an OPML file.
public struct OPMLOutline: Sendable, Hashable {
    public var title: String?
    /// The feed URL, with relative paths resolved against the OPML file's folder.
    public var xmlURL: String
    public var htmlURL: String?
    /// The titles of the enclosing outlines (region, topic).
    public var categories: [String]
    public init(title: String?, xmlURL: String, htmlURL: String? = nil, categories: [String] = []) {
        self.title = title; self.xmlURL = xmlURL; self.htmlURL = htmlURL; self.categories = categories
    }
}

public struct OPMLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads and writes OPML subscription lists.
public enum OPML {
    /// Every outline with an xmlUrl. `baseURL` (a file:// folder or http URL) resolves relative xmlUrls.
    public static func parse(_ data: [UInt8], baseURL: URL?) throws(OPMLError) -> [OPMLOutline] {
        throw OPMLError("OPML reader not implemented yet")
    }

    /// An OPML 2.0 document listing the given feeds.
    public static func render(title: String, outlines: [OPMLOutline]) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>\(esc(title))</title></head>\n  <body>\n"
        for o in outlines {
            let t = esc(o.title ?? o.xmlURL)
            var line = "    <outline type=\"rss\" text=\"\(t)\" title=\"\(t)\" xmlUrl=\"\(esc(o.xmlURL))\""
            if let h = o.htmlURL { line += " htmlUrl=\"\(esc(h))\"" }
            out += line + "/>\n"
        }
        return out + "  </body>\n</opml>\n"
    }
}
