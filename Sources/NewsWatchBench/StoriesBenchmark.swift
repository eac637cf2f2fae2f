import Foundation
import Model
import Stories

/// `newswatch-bench stories ITEMS.jsonl [--pass N] [--mode incremental|cold|once|both] [--out PREFIX]`
///
/// Reads items written by bench/extract_items.py ({guid, feed, link, title, text, published} per line),
/// clusters them with an in-memory index, prints items/s and per-pass times, and writes each mode's
/// clustering as `PREFIX-MODE.json` in the `stories --json` shape for bench/score_stories.py.
/// Incremental passes take the items in time order, as successive cron passes would see them; they share one
/// clusterer, as the batches of one process do. `cold` runs the same passes with a new clusterer each, as separate
/// processes would: every pass reads what it needs from the index again.
func storiesBenchmark(_ arguments: [String]) async throws {
    var path: String?
    var passSize = 5_000
    var modes = ["incremental", "once"]
    var outputPrefix: String?
    var options = ClusterOptions()
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        switch argument {
        case "--pass": passSize = Int(rest.popFirst() ?? "") ?? passSize
        case "--mode":
            let mode = rest.popFirst() ?? "both"
            if mode != "both" { modes = [mode] }
        case "--out": outputPrefix = rest.popFirst()
        case "--set": try apply(rest.popFirst() ?? "", to: &options)
        default: path = argument
        }
    }
    guard let path else { throw BenchmarkInputError("usage: newswatch-bench stories ITEMS.jsonl [--pass N] [--mode incremental|cold|once|both] [--out PREFIX]") }
    let items = try ItemsFile(path: path)
    print(String(format: "stories: %d items from %@ (%.0f MB resident, their text not loaded)", items.count, path, residentMegabytes()))

    for mode in modes {
        var before: Double?   // resident memory once the first pass's items are decoded
        let index = InMemoryStoryIndex()
        var clusterer = StoryClusterer(options: options)
        var passTimes: [Double] = []
        var passCPUTimes: [Double] = []
        // A pass's items are decoded from the file just before it (outside the timing), so the process holds one
        // pass of text at a time, as a cron pass does; "once" holds them all.
        let batches: [ArraySlice<Int>]
        if mode == "once" {
            batches = [Array(0..<items.count)[...]]
        } else {
            let ordered = (0..<items.count).sorted { (items.time(of: $0), $0) < (items.time(of: $1), $1) }
            batches = stride(from: 0, to: ordered.count, by: passSize).map { ordered[$0..<min($0 + passSize, ordered.count)] }
        }
        for batchIDs in batches {
            let batch = try items.inputs(batchIDs)
            if before == nil { before = residentMegabytes() }
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = processCPUSeconds()
            if mode == "cold" { clusterer = StoryClusterer(options: options) }
            let assigned = try clusterer.cluster(batch, index: index)
            index.assignItems(zip(batch, assigned).map { ($0.itemID, $1) })   // storing them is part of the step
            passCPUTimes.append(processCPUSeconds() - cpuStart)
            passTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let total = passTimes.reduce(0, +)
        let cpuTime = passCPUTimes.reduce(0, +)
        let indexMemory = residentMegabytes() - (before ?? 0)
        let stories = index.stories()
        print(String(format: "stories %@: %d items in %.3f s = %.0f items/s (CPU time %.3f s, all threads: %.0f items per CPU-second); %d stories", mode,
                     items.count, total, Double(items.count) / total, cpuTime, Double(items.count) / cpuTime, stories.count))
        print(String(format: "stories %@: memory %.0f MB for the index and clusterer (resident growth during clustering)", mode, indexMemory))
        if passTimes.count > 1 {
            print("stories \(mode) pass times (s): " + passTimes.map { String(format: "%.3f", $0) }.joined(separator: " "))
            print("stories \(mode) pass CPU times (s): " + passCPUTimes.map { String(format: "%.3f", $0) }.joined(separator: " "))
            let last = min(20, passTimes.count) - 1
            print(String(format: "stories %@: pass %d / pass 1 = %.2fx wall, %.2fx CPU", mode, last + 1,
                         passTimes[last] / passTimes[0], passCPUTimes[last] / passCPUTimes[0]))
        }
        if let outputPrefix { try writeStories(stories, guids: items.guids, to: "\(outputPrefix)-\(mode).json") }
    }
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    print(String(format: "stories: peak memory %.0f MB (whole process, the items being clustered included)", Double(usage.ru_maxrss) / 1024))
}

/// Writes a clustering in the `stories --json` shape that bench/score_stories.py reads ({story, items: [{guid}]}),
/// one story at a time, so the file's text is never all in memory at once.
private func writeStories(_ stories: [(storyID: Int64, itemIDs: [Int64])], guids: [String], to path: String) throws {
    struct ItemReference: Encodable { var guid: String }
    struct StoryRecord: Encodable { var story: Int64; var items: [ItemReference] }
    guard FileManager.default.createFile(atPath: path, contents: nil), let output = FileHandle(forWritingAtPath: path) else {
        throw BenchmarkInputError("\(path): cannot write the clustering")
    }
    defer { try? output.close() }
    let encoder = JSONEncoder()
    output.write(Data("[".utf8))
    for (position, story) in stories.enumerated() {
        if position > 0 { output.write(Data(",\n".utf8)) }
        output.write(try encoder.encode(StoryRecord(story: story.storyID, items: story.itemIDs.map { ItemReference(guid: guids[Int($0)]) })))
    }
    output.write(Data("]\n".utf8))
}

/// `--set knob=value` for trying clustering settings without rebuilding.
private func apply(_ setting: String, to options: inout ClusterOptions) throws {
    let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let value = Double(parts[1]) else { throw BenchmarkInputError("--set \(setting): expected knob=number") }
    if parts[0] == "window" {
        options.window = value
    } else if !options.setKnob(parts[0], to: value) {
        throw BenchmarkInputError("--set \(setting): unknown knob (known: window, \(ClusterOptions.knobNames.joined(separator: ", ")))")
    }
}

struct BenchmarkInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One line of bench/extract_items.py's output.
private struct ExtractedItem: Decodable {
    var guid: String
    var feed: String?
    var link: String?
    var title: String?
    var text: String?
    var published: String?
}

/// The items of a JSON-lines file (item id = their order in it; blank lines skipped). Opening reads the file once
/// for each item's place, outlet and time; `inputs` then decodes just the items asked for, so a benchmark of
/// passes holds one pass of text at a time rather than the whole corpus. Undated items get one fetch time.
private final class ItemsFile {
    private struct Line {
        var offset: UInt64
        var length: Int
        var time: Date
        var feedID: Int64
    }

    let path: String
    private let file: FileHandle
    private var lines: [Line] = []
    private(set) var guids: [String] = []
    private let decoder = JSONDecoder()

    var count: Int { lines.count }
    func time(of id: Int) -> Date { lines[id].time }

    init(path: String) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw BenchmarkInputError("\(path): cannot read the items file")
        }
        self.path = path
        self.file = file
        let fetched = Date()
        var feeds: [String: Int64] = [:]
        try forEachLine { number, offset, line in
            let item = try self.decode(line, number: number)
            let feedID = feeds[item.feed ?? ""] ?? Int64(feeds.count + 1)
            feeds[item.feed ?? ""] = feedID
            self.lines.append(Line(offset: offset, length: line.count, time: item.published.flatMap(parseUTCTimestamp) ?? fetched,
                                   feedID: feedID))
            self.guids.append(item.guid)
        }
    }

    deinit { try? file.close() }

    /// The items with these ids, decoded from the file, as cluster inputs.
    func inputs(_ ids: some Sequence<Int>) throws -> [ClusterInput] {
        try ids.map { id in
            let line = lines[id]
            try file.seek(toOffset: line.offset)
            let item = try decode(try file.read(upToCount: line.length) ?? Data(), number: id + 1)
            var link = item.link
            if let query = link?.firstIndex(of: "?"), link?[query...].contains("utm_") == true { link = String(link![..<query]) }
            return ClusterInput(itemID: Int64(id), feedID: line.feedID, guid: item.guid, canonicalLink: link,
                                title: item.title ?? "", text: item.text ?? "", time: line.time)
        }
    }

    private func decode(_ line: Data, number: Int) throws -> ExtractedItem {
        do { return try decoder.decode(ExtractedItem.self, from: line) } catch {
            throw BenchmarkInputError("\(path): item \(number): not an item object with a guid")
        }
    }

    /// Calls `body` with each non-blank line (its number among them, its byte offset), reading a megabyte at a time.
    private func forEachLine(_ body: (Int, UInt64, Data) throws -> Void) throws {
        var pending = Data(), pendingOffset: UInt64 = 0, number = 0
        func emit(_ line: Data, at offset: UInt64) throws {
            guard !line.isEmpty else { return }
            number += 1
            try body(number, offset, line)
        }
        while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            var lineStart = pending.startIndex
            while let lineEnd = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                try emit(Data(pending[lineStart..<lineEnd]), at: pendingOffset + UInt64(lineStart - pending.startIndex))
                lineStart = lineEnd + 1
            }
            pendingOffset += UInt64(lineStart - pending.startIndex)
            pending = Data(pending[lineStart...])
        }
        try emit(pending, at: pendingOffset)
    }
}

/// "2026-11-27T17:31:00Z" (what the extractor writes) as a date.
private func parseUTCTimestamp(_ text: String) -> Date? {
    let digits = text.utf8.map { Int($0) - 48 }
    guard digits.count == 20 else { return nil }
    func number(_ at: Int, _ length: Int) -> Int { digits[at..<(at + length)].reduce(0) { $0 * 10 + $1 } }
    var components = DateComponents()
    components.year = number(0, 4); components.month = number(5, 2); components.day = number(8, 2)
    components.hour = number(11, 2); components.minute = number(14, 2); components.second = number(17, 2)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: components)
}

/// Resident memory of the process now, in MB.
private func residentMegabytes() -> Double {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// CPU time of the whole process (all threads), which other processes on a busy machine do not inflate.
private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
