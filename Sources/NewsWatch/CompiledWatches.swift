import Foundation
import Model
import Store
import Watches

/// Every watch of a pass compiled into one matcher: the saved ones plus the config file's (which win on a name clash).
struct CompiledWatches {
    let watches: [Watch]
    private let matcher: WatchMatcher

    init(stored: [Watch], configured: [Watch]) throws(NewsWatchError) {
        let configuredNames = Set(configured.map(\.name))
        watches = configured + stored.filter { !configuredNames.contains($0.name) }
        var queries: [WatchQuery] = []
        for watch in watches {
            do { queries.append(try WatchQuery.parse(watch.query)) } catch {
                throw NewsWatchError("watch '\(watch.name)': \(error.description)")
            }
        }
        matcher = WatchMatcher(queries: queries)
    }

    var isEmpty: Bool { watches.isEmpty }

    func watch(named name: String) -> Watch? { watches.first { $0.name == name } }

    static func document(_ source: ItemWithSource) -> MatchDocument {
        let host = URLComponents(string: source.feedURL)?.host ?? ""
        return MatchDocument(title: source.item.title, body: source.item.text, source: "\(source.feedTitle) \(host)")
    }

    func matchingWatches(_ source: ItemWithSource) -> [Watch] {
        matcher.matches(Self.document(source)).map { watches[$0] }
    }

    /// The item's text around what the watch matched, matched words highlighted.
    func snippet(watchName: String, item: ItemWithSource) -> HighlightedText {
        guard let index = watches.firstIndex(where: { $0.name == watchName }) else {
            return HighlightedText(plain: String(item.item.text.prefix(240)))
        }
        return matcher.snippet(for: index, in: Self.document(item))
    }
}
