import Foundation
import Fetch

/// The fetch stage's benchmark (see bench/fetch.sh): fetches every URL of a list once, handing each body
/// over as it arrives and keeping none, and prints the time from the first request to the last body.
///
///     newswatch-bench fetch --urls FILE [--concurrency N] [--per-host N]
///                           [--save-validators FILE] [--validators FILE]
///
/// `--save-validators` writes each URL's ETag and Last-Modified (tab-separated) for a later conditional
/// pass with `--validators`.
func fetchBenchmark(_ arguments: [String]) async throws {
    var options = FetchOptions()
    var urlsFile: String?
    var saveValidators: String?
    var validatorsFile: String?
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        guard let value = rest.popFirst() else { throw BenchUsageError("\(flag) needs a value") }
        switch flag {
        case "--urls": urlsFile = value
        case "--concurrency": options.concurrency = try integer(flag, value)
        case "--per-host": options.perHost = try integer(flag, value)
        case "--save-validators": saveValidators = value
        case "--validators": validatorsFile = value
        default: throw BenchUsageError("unknown option \(flag)")
        }
    }
    guard let urlsFile else { throw BenchUsageError("--urls FILE is required") }
    let urls = try String(contentsOfFile: urlsFile, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }

    var validators: [String: (etag: String?, lastModified: String?)] = [:]
    if let validatorsFile {
        for line in try String(contentsOfFile: validatorsFile, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { continue }
            validators[fields[0]] = (fields[1].isEmpty ? nil : fields[1], fields[2].isEmpty ? nil : fields[2])
        }
    }
    let requests = urls.enumerated().map { index, url in
        FetchRequest(tag: Int64(index), url: url, etag: validators[url]?.etag, lastModified: validators[url]?.lastModified)
    }

    let fetcher = Fetcher(options: options)
    var ok = 0, notModified = 0, failed = 0, bytes = 0
    var saved: [String] = []
    var firstError: String?
    let started = ContinuousClock.now
    for await (_, response) in fetcher.responses(for: requests) {
        if let error = response.error {
            failed += 1
            if firstError == nil { firstError = error.sentence }
        } else if response.isNotModified {
            notModified += 1
        } else {
            ok += 1
            bytes += response.body.count
        }
        if saveValidators != nil {
            saved.append("\(response.request.url)\t\(response.etag ?? "")\t\(response.lastModified ?? "")")
        }
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

    if let saveValidators {
        try (saved.joined(separator: "\n") + "\n").write(toFile: saveValidators, atomically: true, encoding: .utf8)
    }
    print(String(format: "requests=%d ok=%d not_modified=%d failed=%d bytes=%d seconds=%.3f",
                 requests.count, ok, notModified, failed, bytes, seconds))
    if let firstError { FileHandle.standardError.write(Data("first failure: \(firstError)\n".utf8)) }
}


private func integer(_ flag: String, _ value: String) throws -> Int {
    guard let number = Int(value), number > 0 else { throw BenchUsageError("\(flag) wants a positive integer, not \(value)") }
    return number
}
