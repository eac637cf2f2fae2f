import Foundation
import Model
import CCurl

/// Fetches URLs with one libcurl multi handle owned by one dedicated thread.
/// Results come back to async callers as Sendable values.
public final class Fetcher: Sendable {
    public let options: FetchOptions

    public init(options: FetchOptions = FetchOptions()) {
        self.options = options
    }

    /// Fetches every request, at most `options.concurrency` at once and `options.perHost` per host.
    /// `onResponse` is called as each one completes (for progress); the result keeps the request order.
    public func fetchAll(_ requests: [FetchRequest], onResponse: (@Sendable (FetchResponse) -> Void)? = nil) async -> [FetchResponse] {
        var out: [FetchResponse] = []
        for r in requests { let resp = await fetch(r); onResponse?(resp); out.append(resp) }
        return out
    }

    /// Fetches one URL.
    public func fetch(_ request: FetchRequest) async -> FetchResponse {
        // Placeholder until the multi-handle thread lands: local files only.
        if request.url.hasPrefix("file://"), let url = URL(string: request.url) {
            do {
                let data = try Data(contentsOf: url)
                return FetchResponse(request: request, body: [UInt8](data), effectiveURL: request.url)
            } catch {
                return FetchResponse(request: request, effectiveURL: request.url, error: .fileUnreadable(path: url.path, reason: error.localizedDescription))
            }
        }
        return FetchResponse(request: request, effectiveURL: request.url, error: .unsupportedProtocol(url: request.url))
    }
}
