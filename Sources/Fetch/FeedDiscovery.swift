import Foundation

/// A feed a web page announces with `<link rel="alternate" type="..." href="...">`.
public struct DiscoveredFeed: Sendable, Hashable {
    /// Absolute URL, resolved against the page's URL (or its `<base href>`).
    public var url: String
    /// The announced media type, lower-cased (e.g. `application/rss+xml`).
    public var type: String
    public var title: String?
    public init(url: String, type: String, title: String? = nil) {
        self.url = url; self.type = type; self.title = title
    }
}

/// Finding the feed behind a web page, for `feeds add URL` given a site's page instead of its feed.
public enum FeedDiscovery {
    /// Media types announcing a feed.
    public static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
        "application/rdf+xml", "application/xml", "text/xml",
    ]

    /// Whether a response holds an HTML page rather than a feed: by Content-Type, else by the first markup in the body.
    public static func looksLikeHTML(_ response: FetchResponse) -> Bool {
        if let type = response.contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() {
            if type == "text/html" || type == "application/xhtml+xml" { return true }
            if feedTypes.contains(type) { return false }
        }
        let start = String(decoding: response.body.prefix(1024), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return start.hasPrefix("<!doctype html") || start.hasPrefix("<html")
    }

    /// The feeds a page announces, in page order, without duplicates. Looks at `<link>` tags outside comments.
    public static func alternates(inHTML html: [UInt8], pageURL: String) -> [DiscoveredFeed] {
        let text = String(decoding: html.prefix(1 << 20), as: UTF8.self)
        var base = URL(string: pageURL)
        var found: [DiscoveredFeed] = []
        var seen = Set<String>()
        for tag in StartTags(text) {
            switch tag.name {
            case "base":
                if let href = tag.attributes["href"], let resolved = URL(string: href, relativeTo: base) { base = resolved.absoluteURL }
            case "link":
                let rel = tag.attributes["rel"]?.lowercased().split(whereSeparator: \.isWhitespace) ?? []
                guard rel.contains("alternate"), !rel.contains("stylesheet"),
                      let type = tag.attributes["type"]?.trimmingCharacters(in: .whitespaces).lowercased(), feedTypes.contains(type),
                      let href = tag.attributes["href"]?.trimmingCharacters(in: .whitespacesAndNewlines), !href.isEmpty,
                      let url = URL(string: href, relativeTo: base)?.absoluteString, seen.insert(url).inserted else { continue }
                let title = tag.attributes["title"].flatMap { $0.isEmpty ? nil : $0 }
                found.append(DiscoveredFeed(url: url, type: type, title: title))
            default:
                continue
            }
        }
        return found
    }
}

/// The `<base>` and `<link>` start tags of an HTML text with their attributes (names lower-cased,
/// the common character references decoded), skipping comments.
private struct StartTags: Sequence, IteratorProtocol {
    struct Tag { let name: String; let attributes: [String: String] }
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    mutating func next() -> Tag? {
        while position < characters.count {
            guard characters[position] == "<" else { position += 1; continue }
            if matches("<!--") {
                position = find("-->").map { $0 + 3 } ?? characters.count
                continue
            }
            position += 1
            let nameStart = position
            while position < characters.count, characters[position].isLetter || characters[position].isNumber { position += 1 }
            let name = String(characters[nameStart..<position]).lowercased()
            guard name == "link" || name == "base" else { continue }
            return Tag(name: name, attributes: readAttributes())
        }
        return nil
    }

    private func matches(_ literal: String) -> Bool {
        var index = position
        for character in literal {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
        }
        return true
    }

    private func find(_ literal: String) -> Int? {
        let pattern = Array(literal)
        var index = position
        while index + pattern.count <= characters.count {
            if characters[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    private mutating func readAttributes() -> [String: String] {
        var attributes: [String: String] = [:]
        while position < characters.count {
            while position < characters.count, characters[position].isWhitespace || characters[position] == "/" { position += 1 }
            guard position < characters.count, characters[position] != ">" else { position += 1; break }
            let nameStart = position
            while position < characters.count, !characters[position].isWhitespace, !"=>/".contains(characters[position]) { position += 1 }
            let name = String(characters[nameStart..<position]).lowercased()
            while position < characters.count, characters[position].isWhitespace { position += 1 }
            var value = ""
            if position < characters.count, characters[position] == "=" {
                position += 1
                while position < characters.count, characters[position].isWhitespace { position += 1 }
                if position < characters.count, characters[position] == "\"" || characters[position] == "'" {
                    let quote = characters[position]
                    position += 1
                    let valueStart = position
                    while position < characters.count, characters[position] != quote { position += 1 }
                    value = String(characters[valueStart..<Swift.min(position, characters.count)])
                    position += 1
                } else {
                    let valueStart = position
                    while position < characters.count, !characters[position].isWhitespace, characters[position] != ">" { position += 1 }
                    value = String(characters[valueStart..<position])
                }
            }
            if !name.isEmpty && attributes[name] == nil { attributes[name] = decodeReferences(value) }
        }
        return attributes
    }

    private func decodeReferences(_ value: String) -> String {
        guard value.contains("&") else { return value }
        return value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&amp;", with: "&")
    }
}
