import FeedParser
import Foundation
import Model

/// The parse stage's benchmark (see bench/parse.sh).
/// - `parse DIR [--repeat N] [--cpu]`: parses every file of DIR to the values newswatch stores (no database), on
///   one thread, and prints `bytes items seconds MB/s items/s` (seconds of CPU time with `--cpu`).
/// - `parse --json [--all-fields] [--chunk N] [--base URL] FILE...`: prints each parse in the `parse --json` shape (for
///   conformance comparisons); with `--base`, each document's URL is URL followed by its file name (as in the timed run),
///   else its file URL; with `--all-fields`, also every other value stored (entry text, canonical link, ttl, update
///   interval), so that two builds of the parser can be compared byte for byte; with `--chunk`, each document is pushed
///   to a `FeedPushParser` N bytes at a time (as a download arrives), so that streamed and whole parses can be compared.
func parseBenchmark(_ arguments: [String]) async throws {
    if arguments.first == "--json" {
        var paths = arguments.dropFirst()
        let allFields = paths.first == "--all-fields"
        if allFields { paths = paths.dropFirst() }
        var chunk: Int?
        if paths.first == "--chunk", paths.count >= 2 { chunk = paths.dropFirst().first.flatMap { Int($0) }; paths = paths.dropFirst(2) }
        var base: String?
        if paths.first == "--base", paths.count >= 2 { base = paths.dropFirst().first; paths = paths.dropFirst(2) }
        for path in paths { print(try parseToJSON(path: path, base: base, allFields: allFields, chunk: chunk)) }
        return
    }
    guard let directory = arguments.first else {
        throw BenchUsageError("usage: newswatch-bench parse DIR [--repeat N] [--cpu] | parse --json [--base URL] FILE...")
    }
    let repeats = arguments.firstIndex(of: "--repeat").flatMap { Int(arguments[$0 + 1]) } ?? 1
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
    func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    func wallNow() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    let clock = arguments.contains("--cpu") ? cpuNow : wallNow
    // One document in memory at a time (memory stays flat in the corpus size); reading is not timed.
    var bytes = 0, items = 0, failures = 0, checksum = 0
    var seconds = 0.0
    for _ in 0..<repeats {
        for name in names {
            let document = Array(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name)))
            bytes += document.count
            let start = clock()
            do {
                let feed = try FeedParser.parse(document, documentURL: "http://127.0.0.1:8080/" + name)
                items += feed.entries.count
                for e in feed.entries { checksum &+= e.text.utf8.count &+ (e.summary?.utf8.count ?? 0) }
            } catch {
                failures += 1
            }
            seconds += clock() - start
        }
    }
    print(String(format: "%d %d %.4f %.1f %.0f", bytes, items, seconds, Double(bytes) / seconds / 1e6, Double(items) / seconds))
    if failures > 0 { FileHandle.standardError.write(Data("\(failures) documents failed to parse\n".utf8)) }
    if checksum == -1 { print(checksum) }
}

private func parseToJSON(path: String, base: String?, allFields: Bool, chunk: Int?) throws -> String {
    let data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let documentURL = base.map { $0 + URL(fileURLWithPath: path).lastPathComponent } ?? URL(fileURLWithPath: path).absoluteString
    let feed: ParsedFeed
    do {
        if let chunk, chunk > 0 {
            feed = try FeedParser.parse(data, documentURL: documentURL, chunkBytes: chunk)
        } else {
            feed = try FeedParser.parse(data, documentURL: documentURL)
        }
    } catch {
        let object: [String: Any] = ["error": error.description]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
    let iso = ISO8601DateFormatter()
    func date(_ d: Date?) -> Any { d.map { iso.string(from: $0) } ?? NSNull() }
    func opt(_ s: String?) -> Any { s ?? NSNull() }
    let entries: [[String: Any]] = feed.entries.map { e in
        var fields: [String: Any] = ["id": e.id, "title": e.title, "link": opt(e.link), "published": date(e.published), "updated": date(e.updated),
         "authors": e.authors, "categories": e.categories, "summary": opt(e.summary), "content": opt(e.content),
         "enclosures": e.enclosures.map { ["url": $0.url, "type": opt($0.type), "length": $0.length.map { NSNumber(value: $0) } ?? NSNull()] as [String: Any] }]
        if allFields { fields["text"] = e.text; fields["canonicalLink"] = opt(e.canonicalLink) }
        return fields
    }
    var object: [String: Any] = ["format": feed.format.rawValue, "title": opt(feed.title), "link": opt(feed.link),
                                 "subtitle": opt(feed.subtitle), "language": opt(feed.language), "updated": date(feed.updated),
                                 "errors": feed.errors, "entries": entries]
    if allFields {
        object["ttlMinutes"] = feed.ttlMinutes.map { NSNumber(value: $0) } ?? NSNull()
        object["updateIntervalSeconds"] = feed.updateIntervalSeconds.map { NSNumber(value: $0) } ?? NSNull()
    }
    return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
}
