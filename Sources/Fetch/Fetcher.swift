import Foundation
import Synchronization
import Model

/// Fetches URLs with one libcurl multi handle owned by one dedicated thread.
/// Results come back to async callers as Sendable values. file:// URLs are read directly.
public final class Fetcher: Sendable {
    public let options: FetchOptions
    private let engine: FetchEngine
    /// The name of the thread that owns this fetcher's libcurl handles.
    var engineThreadName: String { engine.threadName }

    public init(options: FetchOptions = FetchOptions()) {
        self.options = options
        self.engine = FetchEngine(options: options)
    }

    deinit {
        engine.shutdown()
    }

    /// Fetches every request, at most `options.concurrency` at once and `options.perHost` per host.
    /// `onResponse` is called as each one completes (for progress); the result keeps the request order.
    public func fetchAll(_ requests: [FetchRequest], onResponse: (@Sendable (FetchResponse) -> Void)? = nil) async -> [FetchResponse] {
        var responses = [FetchResponse?](repeating: nil, count: requests.count)
        for await (index, response) in self.responses(for: requests) {
            onResponse?(response)
            responses[index] = response
        }
        // Only a cancelled task leaves gaps.
        return zip(requests, responses).map { request, response in
            response ?? FetchJob.cancelledResponse(for: request)
        }
    }

    /// Streams each request's response as it completes, with the request's index, then ends.
    /// Unlike `fetchAll`, nothing is kept once consumed, so a caller that parses as bodies arrive
    /// holds at most the window's bodies in memory. Ending the iteration early (or cancelling the
    /// consuming task) abandons the requests not yet answered.
    public func responses(for requests: [FetchRequest]) -> AsyncStream<(index: Int, response: FetchResponse)> {
        let (stream, continuation) = AsyncStream<(index: Int, response: FetchResponse)>.makeStream()
        let remaining = Countdown(requests.count)
        if requests.isEmpty { continuation.finish() }
        let deliver: @Sendable (Int, FetchResponse) -> Void = { index, response in
            continuation.yield((index, response))
            if remaining.decrement() { continuation.finish() }
        }
        let batch = engine.newBatch()
        var network: [FetchJob] = []
        for (index, request) in requests.enumerated() {
            if LocalFileFetch.isFileURL(request.url) {
                deliver(index, LocalFileFetch.fetch(request, options: options))
            } else {
                network.append(FetchJob(request: request, batch: batch) { deliver(index, $0) })
            }
        }
        continuation.onTermination = { [engine] termination in
            if case .cancelled = termination { engine.cancel(batch: batch) }
        }
        engine.submit(network)
        return stream
    }

    /// Fetches one URL. Cancelling the calling task stops the transfer; the response then says it was cancelled.
    public func fetch(_ request: FetchRequest) async -> FetchResponse {
        if LocalFileFetch.isFileURL(request.url) { return LocalFileFetch.fetch(request, options: options) }
        if Task.isCancelled { return FetchJob.cancelledResponse(for: request) }
        let batch = engine.newBatch()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                engine.submit([FetchJob(request: request, batch: batch) { continuation.resume(returning: $0) }])
            }
        } onCancel: {
            engine.cancel(batch: batch)
        }
    }
}

/// Counts outstanding responses down from any thread.
private final class Countdown: Sendable {
    private let left: Mutex<Int>
    init(_ count: Int) { left = Mutex(count) }
    /// Returns true for the call that reaches zero.
    func decrement() -> Bool {
        left.withLock { left in
            left -= 1
            return left == 0
        }
    }
}
