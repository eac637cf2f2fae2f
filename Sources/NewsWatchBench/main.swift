import Foundation

/// `newswatch-bench STAGE [ARGS...]`: the in-process halves of `make bench`; the scripts in bench/
/// run the peers side by side and print the ratios.
let arguments = Array(CommandLine.arguments.dropFirst())
let stages: [String: ([String]) async throws -> Void] = [
    "fetch": fetchBenchmark,
    "parse": parseBenchmark,
    "stories": storiesBenchmark,
    "watches": watchesBenchmark,
    "digest-sample": digestSample,
]
guard let stage = arguments.first, let run = stages[stage] else {
    FileHandle.standardError.write(Data("usage: newswatch-bench \(stages.keys.sorted().joined(separator: "|")) [ARGS...]\n".utf8))
    exit(2)
}
do {
    try await run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("newswatch-bench \(stage): \(error)\n".utf8))
    exit(1)
}
