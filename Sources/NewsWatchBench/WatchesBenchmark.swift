import Foundation
import Watches

/// The watches stage's benchmark (see bench/watches.sh):
///
///     newswatch-bench watches --items ITEMS.jsonl --watches WATCHES.txt [--expected EXPECTED.tsv]
///                             [--counts 100,10000] [--repeat 3]
///
/// ITEMS.jsonl holds {"feed_title", "host", "title", "text", ...} per line (bench/extract_items.py), WATCHES.txt
/// "name<TAB>query" per line (gen_corpus.py). For each count, the first COUNT watches compile into one
/// matcher that then matches every item; passes alternate between the sizes and the best of
/// `--repeat` passes of each (in CPU seconds of this process, steadier than wall time on a shared
/// machine; one thread does the work) is printed as
///   newswatch watches=N items=I bytes=B seconds=S mb_per_s=X items_per_s=Y items_hit=H compile_seconds=C
/// With --expected, the hit counts of the last matcher are compared with the generator's.
func watchesBenchmark(_ arguments: [String]) async throws {
    let options = try WatchesBenchOptions(arguments, known: ["--items", "--watches", "--expected", "--counts", "--repeat"])
    let itemsPath = try options.required("--items")
    let watchesPath = try options.required("--watches")
    let counts = (options["--counts"] ?? "100,10000").split(separator: ",").compactMap { Int($0) }
    let repeats = Int(options["--repeat"] ?? "3") ?? 3

    let documents = try loadDocuments(itemsPath)
    let bytes = documents.reduce(0) { $0 + $1.title.utf8.count + 1 + $1.body.utf8.count }
    let named = try loadWatches(watchesPath)
    var queries: [WatchQuery] = []
    for (name, text) in named {
        do {
            queries.append(try WatchQuery.parse(text))
        } catch {
            throw WatchesBenchError("\(watchesPath): watch \(name) is refused: \(error)")
        }
    }

    // Compile every size first, then alternate passes between sizes, so a burst of load from
    // elsewhere on the machine does not land on one size only; the best pass of each counts.
    struct Run { var matcher: WatchMatcher; var compileSeconds: Double; var best = Double.infinity; var hitsPerWatch: [Int] = []; var itemsHit = 0 }
    var runs: [Run] = counts.map { count in
        let start = ContinuousClock.now
        let matcher = WatchMatcher(queries: Array(queries.prefix(count)))
        return Run(matcher: matcher, compileSeconds: (ContinuousClock.now - start).seconds)
    }
    for pass in 0..<max(1, repeats) {
        for index in runs.indices {
            let matcher = runs[index].matcher
            var counting = [Int](repeating: 0, count: matcher.queries.count)
            var hitItems = 0
            let start = processCPUSeconds()
            if pass == 0 {
                for document in documents {
                    let found = matcher.matches(document)
                    if !found.isEmpty { hitItems += 1 }
                    for watch in found { counting[watch] += 1 }
                }
                runs[index].hitsPerWatch = counting
                runs[index].itemsHit = hitItems
            } else {
                for document in documents { hitItems &+= matcher.matches(document).count }
            }
            runs[index].best = min(runs[index].best, processCPUSeconds() - start)
        }
    }
    for run in runs {
        print("newswatch watches=\(run.matcher.queries.count) items=\(documents.count) bytes=\(bytes) seconds=\(format(run.best, 3)) "
              + "mb_per_s=\(format(Double(bytes) / run.best / 1e6, 1)) items_per_s=\(Int(Double(documents.count) / run.best)) "
              + "items_hit=\(run.itemsHit) compile_seconds=\(format(run.compileSeconds, 3))")
    }
    let largestHits = runs.last?.hitsPerWatch ?? []

    if let expectedPath = options["--expected"] {
        let expected = try loadWatches(expectedPath)
        report(agreementOf: largestHits, with: expected, named: named, file: expectedPath, how: "")
        // The generator reads an item as one run of words, title then body, so its phrases may
        // span the two; newswatch keeps title and body apart. Reading them as one text shows
        // whether that is the only difference.
        let checked = WatchMatcher(queries: Array(queries.prefix(expected.count)))
        var joinedHits = [Int](repeating: 0, count: expected.count)
        for document in documents {
            let joined = MatchDocument(title: "", body: document.title + " " + document.body, source: document.source)
            for watch in checked.matches(joined) { joinedHits[watch] += 1 }
        }
        report(agreementOf: joinedHits, with: expected, named: named, file: expectedPath, how: " reading title and body as one text")
    }
}

private func report(agreementOf hits: [Int], with expected: [(String, String)], named: [(String, String)], file: String, how: String) {
    var agree = 0
    var disagreements: [String] = []
    for (index, (name, count)) in expected.enumerated() where index < hits.count {
        if Int(count) == hits[index] { agree += 1 } else {
            disagreements.append("\(name) expected \(count) got \(hits[index]): \(named[index].1)")
        }
    }
    print("agreement with \(URL(fileURLWithPath: file).lastPathComponent)\(how): \(agree)/\(expected.count) watches have the expected hit count")
    for line in disagreements.prefix(20) { print("  differs: \(line)") }
}

private func loadDocuments(_ path: String) throws -> [MatchDocument] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    struct Item: Decodable {
        var feedTitle: String, host: String, title: String, text: String
        enum CodingKeys: String, CodingKey { case feedTitle = "feed_title", host, title, text }
    }
    let decoder = JSONDecoder()
    var documents: [MatchDocument] = []
    for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
        do {
            let item = try decoder.decode(Item.self, from: Data(line))
            documents.append(MatchDocument(title: item.title, body: item.text, source: item.feedTitle + " " + item.host))
        } catch {
            throw WatchesBenchError("\(path): line \(number + 1) is not an item: \(error)")
        }
    }
    return documents
}

/// "name<TAB>value" lines.
private func loadWatches(_ path: String) throws -> [(String, String)] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
        guard let tab = line.firstIndex(of: "\t") else { throw WatchesBenchError("\(path): no tab in line “\(line)”") }
        return (String(line[..<tab]), String(line[line.index(after: tab)...]))
    }
}

private func processCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

private func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// `--name value` options.
private struct WatchesBenchOptions {
    private var values: [String: String] = [:]
    init(_ arguments: [String], known: Set<String>) throws {
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard known.contains(name), index + 1 < arguments.count else {
                throw WatchesBenchError("unknown option or missing value: \(name) (options: \(known.sorted().joined(separator: " ")))")
            }
            values[name] = arguments[index + 1]
            index += 2
        }
    }
    subscript(name: String) -> String? { values[name] }
    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw WatchesBenchError("missing \(name)") }
        return value
    }
}

private struct WatchesBenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
