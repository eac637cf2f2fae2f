import Foundation
import Model
import Stories

/// `newswatch-bench stories ITEMS.jsonl [--pass N] [--mode incremental|once|both] [--out PREFIX]`
///
/// Reads items written by bench/extract_items.py ({guid, feed, link, title, text, published} per line),
/// clusters them with an in-memory index, prints items/s and per-pass times, and writes each mode's
/// clustering as `PREFIX-MODE.json` in the `stories --json` shape for bench/score_stories.py.
/// Incremental passes take the items in time order, as successive cron passes would see them.
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
    guard let path else { throw BenchmarkInputError("usage: newswatch-bench stories ITEMS.jsonl [--pass N] [--mode incremental|once|both] [--out PREFIX]") }
    let (inputs, guids) = try loadClusterInputs(path)
    print("stories: \(inputs.count) items from \(path)")

    for mode in modes {
        let index = InMemoryStoryIndex()
        let clusterer = StoryClusterer(options: options)
        var passTimes: [Double] = []
        var cpuTime: Double = 0
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
            let cpuStart = threadCPUSeconds()
            try clusterer.cluster(batch, index: index)
            cpuTime += threadCPUSeconds() - cpuStart
            passTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let total = passTimes.reduce(0, +)
        let stories = index.stories()
        print(String(format: "stories %@: %d items in %.3f s = %.0f items/s (CPU %.3f s = %.0f items/s); %d stories", mode,
                     inputs.count, total, Double(inputs.count) / total, cpuTime, Double(inputs.count) / cpuTime, stories.count))
        if passTimes.count > 1 {
            print("stories \(mode) pass times (s): " + passTimes.map { String(format: "%.3f", $0) }.joined(separator: " "))
            let last = passTimes.count >= 20 ? passTimes[19] : passTimes[passTimes.count - 1]
            print(String(format: "stories %@: pass %d / pass 1 = %.2fx", mode, min(20, passTimes.count), last / passTimes[0]))
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
    print(String(format: "stories: peak memory %.0f MB (whole process, items included)", Double(usage.ru_maxrss) / 1024))
}

/// `--set knob=value` for trying clustering settings without rebuilding.
private func apply(_ setting: String, to options: inout ClusterOptions) throws {
    let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let value = Double(parts[1]) else { throw BenchmarkInputError("--set \(setting): expected knob=number") }
    switch parts[0] {
    case "similarity": options.similarityThreshold = value
    case "window": options.window = value
    case "short_similarity": options.shortTextSimilarityThreshold = value
    case "short_terms": options.shortTextTerms = Int(value)
    case "long_terms": options.longTextTerms = Int(value)
    case "body_terms": options.maxBodyTerms = Int(value)
    case "title_weight": options.titleWeight = value
    case "item_terms": options.maxItemTerms = Int(value)
    case "story_terms": options.maxStoryTerms = Int(value)
    case "key_terms": options.candidateKeyTerms = Int(value)
    case "max_candidates": options.maxCandidates = Int(value)
    case "anchor_terms": options.anchorTerms = Int(value)
    case "anchor_share": options.anchorShare = value
    default: throw BenchmarkInputError("--set \(setting): unknown knob")
    }
}

struct BenchmarkInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Items of a JSON-lines file as cluster inputs (item id = line number); undated items get one fetch time.
private func loadClusterInputs(_ path: String) throws -> ([ClusterInput], [String]) {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        throw BenchmarkInputError("\(path): cannot read the items file")
    }
    let fetched = Date()
    let dates = ISO8601DateFormatter()
    var feeds: [String: Int64] = [:]
    var inputs: [ClusterInput] = [], guids: [String] = []
    for (number, line) in text.split(separator: "\n").enumerated() {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let guid = object["guid"] as? String else {
            throw BenchmarkInputError("\(path):\(number + 1): not an item object with a guid")
        }
        let feed = object["feed"] as? String ?? ""
        let feedID = feeds[feed] ?? Int64(feeds.count + 1)
        feeds[feed] = feedID
        var link = object["link"] as? String
        if let query = link?.firstIndex(of: "?"), link?[query...].contains("utm_") == true { link = String(link![..<query]) }
        let published = (object["published"] as? String).flatMap { dates.date(from: $0) }
        inputs.append(ClusterInput(itemID: Int64(guids.count), feedID: feedID, guid: guid, canonicalLink: link,
                                   title: object["title"] as? String ?? "", text: object["text"] as? String ?? "",
                                   time: published ?? fetched))
        guids.append(guid)
    }
    return (inputs, guids)
}

/// CPU time of the calling thread, which other processes on a busy machine do not inflate.
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
