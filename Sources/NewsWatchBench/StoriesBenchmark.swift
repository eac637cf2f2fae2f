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
    let (inputs, guids) = try loadClusterInputs(path)
    print(String(format: "stories: %d items from %@ (%.0f MB resident with them loaded)", inputs.count, path, residentMegabytes()))

    for mode in modes {
        let before = residentMegabytes()
        let index = InMemoryStoryIndex()
        var clusterer = StoryClusterer(options: options)
        var passTimes: [Double] = []
        var passCPUTimes: [Double] = []
        let batches: [ArraySlice<ClusterInput>]
        if mode == "once" {
            batches = [inputs[...]]
        } else {
            let ordered = inputs.sorted { ($0.time, $0.itemID) < ($1.time, $1.itemID) }
            batches = stride(from: 0, to: ordered.count, by: passSize).map { ordered[$0..<min($0 + passSize, ordered.count)] }
        }
        for batch in batches {
            let batch = Array(batch)
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
        let indexMemory = residentMegabytes() - before
        let stories = index.stories()
        print(String(format: "stories %@: %d items in %.3f s = %.0f items/s (CPU time %.3f s, all threads: %.0f items per CPU-second); %d stories", mode,
                     inputs.count, total, Double(inputs.count) / total, cpuTime, Double(inputs.count) / cpuTime, stories.count))
        print(String(format: "stories %@: memory %.0f MB for the index and clusterer (resident growth during clustering)", mode, indexMemory))
        if passTimes.count > 1 {
            print("stories \(mode) pass times (s): " + passTimes.map { String(format: "%.3f", $0) }.joined(separator: " "))
            print("stories \(mode) pass CPU times (s): " + passCPUTimes.map { String(format: "%.3f", $0) }.joined(separator: " "))
            let last = min(20, passTimes.count) - 1
            print(String(format: "stories %@: pass %d / pass 1 = %.2fx wall, %.2fx CPU", mode, last + 1,
                         passTimes[last] / passTimes[0], passCPUTimes[last] / passCPUTimes[0]))
        }
        if let outputPrefix {
            let json = stories.map { story in
                ["story": story.storyID, "items": story.itemIDs.map { ["guid": guids[Int($0)]] }] as [String: Any]
            }
            let data = try JSONSerialization.data(withJSONObject: json)
            try data.write(to: URL(fileURLWithPath: "\(outputPrefix)-\(mode).json"))
        }
    }
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    print(String(format: "stories: peak memory %.0f MB (whole process, the loaded items included)", Double(usage.ru_maxrss) / 1024))
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

/// Items of a JSON-lines file as cluster inputs (item id = line number); undated items get one fetch time.
/// The file is read a megabyte at a time, so the process holds the decoded items, not the file as well.
private func loadClusterInputs(_ path: String) throws -> ([ClusterInput], [String]) {
    guard let file = FileHandle(forReadingAtPath: path) else {
        throw BenchmarkInputError("\(path): cannot read the items file")
    }
    defer { try? file.close() }
    let fetched = Date()
    let decoder = JSONDecoder()
    var feeds: [String: Int64] = [:]
    var inputs: [ClusterInput] = [], guids: [String] = []
    var number = 0
    func add(_ line: Data) throws {
        number += 1
        guard !line.isEmpty else { return }
        let item: ExtractedItem
        do { item = try decoder.decode(ExtractedItem.self, from: line) } catch {
            throw BenchmarkInputError("\(path):\(number): not an item object with a guid")
        }
        let feedID = feeds[item.feed ?? ""] ?? Int64(feeds.count + 1)
        feeds[item.feed ?? ""] = feedID
        var link = item.link
        if let query = link?.firstIndex(of: "?"), link?[query...].contains("utm_") == true { link = String(link![..<query]) }
        let published = item.published.flatMap(parseUTCTimestamp)
        inputs.append(ClusterInput(itemID: Int64(guids.count), feedID: feedID, guid: item.guid, canonicalLink: link,
                                   title: item.title ?? "", text: item.text ?? "", time: published ?? fetched))
        guids.append(item.guid)
    }
    var pending = Data()
    while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
        pending.append(chunk)
        var lineStart = pending.startIndex
        while let lineEnd = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            try add(pending[lineStart..<lineEnd])
            lineStart = lineEnd + 1
        }
        pending = Data(pending[lineStart...])
    }
    if !pending.isEmpty { try add(pending) }
    return (inputs, guids)
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
