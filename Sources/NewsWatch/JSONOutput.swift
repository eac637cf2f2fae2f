import Foundation
import Model
import Store

/// The JSON shapes of `parse --json`, `stories --json` and `search --json`; outside checks read them exactly,
/// so every key is always present (null when unknown).
public enum JSONOutput {
    private static func value(_ v: Any?) -> Any { v ?? NSNull() }
    private static func date(_ d: Date?) -> Any { d.map(ISODate.string) ?? NSNull() }

    private static func encode(_ object: Any) -> String {
        if let array = object as? [Any], array.isEmpty { return "[]" }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    public static func parsedFeed(_ feed: ParsedFeed) -> String {
        encode([
            "format": feed.format.rawValue, "title": value(feed.title), "link": value(feed.link), "subtitle": value(feed.subtitle),
            "language": value(feed.language), "updated": date(feed.updated), "errors": feed.errors,
            "entries": feed.entries.map { e -> [String: Any] in
                [
                    "id": e.id, "title": e.title, "link": value(e.link), "published": date(e.published), "updated": date(e.updated),
                    "authors": e.authors, "categories": e.categories, "summary": value(e.summary), "content": value(e.content),
                    "enclosures": e.enclosures.map { ["url": $0.url, "type": value($0.type), "length": value($0.length)] as [String: Any] },
                ]
            },
        ] as [String: Any])
    }

    public static func stories(_ stories: [StoryWithMembers]) -> String {
        encode(stories.map { s -> [String: Any] in
            [
                "story": s.story.id, "title": s.story.title, "first_seen": ISODate.string(s.story.firstSeen),
                "outlets": s.story.outletCount, "first_outlet": value(s.story.firstOutlet),
                "items": s.members.map { m -> [String: Any] in
                    ["guid": m.guid, "link": value(m.link), "feed": m.feed, "title": m.title, "published": date(m.published)]
                },
            ]
        })
    }

    public static func searchHits(_ hits: [ItemWithSource]) -> String {
        encode(hits.map { h -> [String: Any] in
            ["guid": h.item.guid, "link": value(h.item.link), "feed": h.feedTitle, "title": h.item.title,
             "published": date(h.item.published), "story": value(h.item.storyID)]
        })
    }
}
