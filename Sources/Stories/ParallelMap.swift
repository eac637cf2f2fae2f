import Foundation

/// Maps `count` indices on all cores in contiguous chunks, each chunk with its own `State` (a tokenizer
/// and its cache, say). Small inputs run on the calling thread. There are a few chunks per core, so that
/// a core slowed by other work on a shared machine does not hold up the whole map.
func parallelMap<State, Result>(count: Int, minimumPerChunk: Int = 256, makeState: @Sendable () -> State,
                                _ transform: @Sendable (inout State, Int) -> Result) -> [Result] {
    let chunks = max(1, min(4 * ProcessInfo.processInfo.activeProcessorCount, count / minimumPerChunk))
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
