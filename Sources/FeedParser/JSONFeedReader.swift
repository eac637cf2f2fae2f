import Foundation
import Model

/// Reads JSON Feed 1.0 and 1.1 documents.
struct JSONFeedReader {
    let documentBase: String?
    let sanitizer: HTMLSanitizer

    func read(_ bytes: [UInt8]) throws(FeedParseError) -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw FeedParseError("not a feed: invalid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "syntax error"))")
        }
        guard let root = object as? [String: Any] else { throw FeedParseError("not a feed: a JSON document that is not a JSON Feed") }
        let version = root["version"] as? String ?? ""
        guard version.contains("jsonfeed.org") || (root["items"] is [Any] && root["title"] != nil) else {
            throw FeedParseError("not a feed: a JSON document without a JSON Feed version")
        }
        let base = (root["feed_url"] as? String).map { URLTools.resolve($0, against: documentBase) } ?? documentBase
        var feed = ParsedFeed(format: .json1)
        feed.title = (root["title"] as? String).map { collapseWhitespace(Array($0.utf8)[...]) }
        feed.link = (root["home_page_url"] as? String).map { URLTools.resolve($0, against: base) }
        feed.subtitle = root["description"] as? String
        feed.language = root["language"] as? String
        let feedAuthors = authors(root)
        _ = feedAuthors
        for case let item as [String: Any] in root["items"] as? [Any] ?? [] {
            let link = ((item["url"] as? String) ?? (item["external_url"] as? String)).map { URLTools.resolve($0, against: base) }
            var content: HTMLSanitizer.Output?
            if let html = item["content_html"] as? String {
                content = sanitizer.sanitize(Array(html.utf8)[...], base: base)
            } else if let text = item["content_text"] as? String {
                content = HTMLSanitizer.Output(html: escapeHTML(text), text: collapseWhitespace(Array(text.utf8)[...]))
            }
            var summary: HTMLSanitizer.Output?
            if let s = item["summary"] as? String {
                summary = HTMLSanitizer.Output(html: escapeHTML(s), text: collapseWhitespace(Array(s.utf8)[...]))
            }
            let title = (item["title"] as? String).map { sanitizer.plainText(Array($0.utf8)[...]) } ?? ""
            let published = (item["date_published"] as? String).flatMap(FeedDate.parse)
            let updated = (item["date_modified"] as? String).flatMap(FeedDate.parse)
            let text = (content ?? summary)?.text ?? ""
            let id: String
            if let s = item["id"] as? String, !s.isEmpty { id = s }
            else if let n = item["id"] as? NSNumber { id = n.stringValue }
            else { id = link ?? FeedBuilder.contentHash(title: title, date: published ?? updated, text: text) }
            var enclosures: [Enclosure] = []
            for case let a as [String: Any] in item["attachments"] as? [Any] ?? [] {
                guard let url = a["url"] as? String else { continue }
                enclosures.append(Enclosure(url: URLTools.resolve(url, against: base), type: a["mime_type"] as? String,
                                            length: (a["size_in_bytes"] as? NSNumber)?.int64Value))
            }
            feed.entries.append(ParsedEntry(
                id: id, title: title, link: link, canonicalLink: link.map(URLTools.canonical), published: published,
                updated: updated, authors: authors(item), categories: unique((item["tags"] as? [Any] ?? []).compactMap { $0 as? String }),
                summary: (summary ?? content)?.html, content: content?.html, text: text, enclosures: enclosures))
        }
        return feed
    }

    private func authors(_ object: [String: Any]) -> [String] {
        var list: [[String: Any]] = (object["authors"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        if list.isEmpty, let one = object["author"] as? [String: Any] { list = [one] }
        return unique(list.compactMap { a in
            let name = (a["name"] as? String)?.trimmed()
            return name?.isEmpty == false ? name : (a["url"] as? String)
        })
    }
}

func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out.trimmed()
}
