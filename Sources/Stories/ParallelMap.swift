import Foundation

/// Maps `count` indices on all cores in contiguous chunks, each chunk with its own `State` (a tokenizer
/// and its cache, say). Small inputs run on the calling thread. There are many chunks per core, so that a
/// core busy with other work (in a cron pass, parsing the next feeds) does not hold up the whole map with
/// the last big chunk: 16 per core rather than 4 cut the clustering stage of a 1,000-feed first pass by
/// 5-13% in three alternating runs.
func parallelMap<State, Result>(count: Int, minimumPerChunk: Int = 64, makeState: @Sendable () -> State,
                                _ transform: @Sendable (inout State, Int) -> Result) -> [Result] {
    let chunks = max(1, min(16 * ProcessInfo.processInfo.activeProcessorCount, count / minimumPerChunk))
    if chunks == 1 {
        var state = makeState()
        return (0..<count).map { transform(&state, $0) }
    }
    return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
        nonisolated(unsafe) let output = buffer
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var state = makeState()
            let range = (chunk * count / chunks)..<((chunk + 1) * count / chunks)
            for index in range { (output.baseAddress! + index).initialize(to: transform(&state, index)) }
        }
        initialized = count
    }
}
