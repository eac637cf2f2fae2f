import Foundation
import Model

/// Limits and politeness settings for fetching (`[fetch]` in the config file).
public struct FetchOptions: Sendable, Hashable {
    /// Transfers in flight at once, capped in our own code (libcurl's caps can stall queued transfers).
    public var concurrency: Int = 32
    /// Transfers in flight at once to one host.
    public var perHost: Int = 2
    public var connectTimeout: TimeInterval = 10
    /// Total time one transfer may take, queueing excluded.
    public var timeout: TimeInterval = 60
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is abandoned.
    public var lowSpeedBytesPerSecond: Int = 100
    public var lowSpeedSeconds: Int = 15
    /// Cap on the decompressed body, counted as it arrives.
    public var maxBodyBytes: Int = 16 << 20
    public var maxRedirects: Int = 5
    /// Allow file:// URLs (local feeds). Never reachable through a redirect.
    public var allowFileURLs: Bool = true
    /// Refuse loopback, private, link-local, multicast and unspecified addresses, checked on the address connected to.
    public var denyPrivateNetworks: Bool = false
    /// Non-public addresses `denyPrivateNetworks` lets through all the same. Not configurable: tests name their
    /// loopback server here to stand for a public first hop, and check what a redirect to another address meets.
    var privateAddressesAllowed: Set<String> = []
    public var userAgent: String = "newswatch/\(NewsWatchVersion.string) (+https://github.com/newswatch/newswatch)"
    public init() {}
}

/// The version reported in the User-Agent and `--version`.
public enum NewsWatchVersion {
    public static let string = "0.1.0"
}

/// One URL to fetch, with the validators from the last successful fetch (nil for an unconditional fetch).
public struct FetchRequest: Sendable, Hashable {
    /// The caller's tag for the request (the feed id in a cron pass).
    public var tag: Int64
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public init(tag: Int64 = 0, url: String, etag: String? = nil, lastModified: String? = nil) {
        self.tag = tag; self.url = url; self.etag = etag; self.lastModified = lastModified
    }
}

/// What came back for one request. Exactly one of: a body (`status` 200 or a file), a 304, or an `error`.
public struct FetchResponse: Sendable {
    public var request: FetchRequest
    /// The HTTP status of the final response; nil for file:// and for transfers that got no response.
    public var status: Int?
    public var body: [UInt8]
    /// The URL after redirects.
    public var effectiveURL: String
    public var contentType: String?
    public var contentLocation: String?
    public var etag: String?
    public var lastModified: String?
    /// Cache-Control max-age, in seconds.
    public var maxAge: TimeInterval?
    /// Retry-After on 429/503, in seconds.
    public var retryAfter: TimeInterval?
    /// Where a chain made only of permanent redirects (301, 308) ended, when it did.
    public var permanentRedirect: String?
    public var error: FetchError?
    /// Seconds the transfer took, from its start (time spent queued for a slot excluded) to its end.
    public var duration: TimeInterval

    public init(request: FetchRequest, status: Int? = nil, body: [UInt8] = [], effectiveURL: String, contentType: String? = nil,
                contentLocation: String? = nil, etag: String? = nil, lastModified: String? = nil, maxAge: TimeInterval? = nil,
                retryAfter: TimeInterval? = nil, permanentRedirect: String? = nil, error: FetchError? = nil, duration: TimeInterval = 0) {
        self.request = request; self.status = status; self.body = body; self.effectiveURL = effectiveURL
        self.contentType = contentType; self.contentLocation = contentLocation; self.etag = etag; self.lastModified = lastModified
        self.maxAge = maxAge; self.retryAfter = retryAfter; self.permanentRedirect = permanentRedirect; self.error = error
        self.duration = duration
    }

    public var isNotModified: Bool { status == 304 && error == nil }

    /// The charset parameter of Content-Type, if any.
    public var charset: String? {
        guard let contentType else { return nil }
        for part in contentType.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "charset" { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
        }
        return nil
    }
}

/// Why a fetch failed, with what a person needs to act on it.
public enum FetchError: Error, Sendable, Hashable {
    case httpStatus(Int, url: String)
    case gone(url: String)
    case timedOut(url: String, seconds: Double)
    case tooSlow(url: String)
    case tooLarge(url: String, limit: Int)
    case tooManyRedirects(url: String, limit: Int)
    case unresolvedHost(host: String)
    case connectionRefused(url: String)
    case forbiddenAddress(url: String, address: String)
    case unsupportedProtocol(url: String)
    case fileUnreadable(path: String, reason: String)
    /// Any other failure; `message` is a verb phrase completing "URL ...", e.g. "closed the connection without answering".
    case transport(url: String, message: String)

    /// One line for logs, `feeds list` and the digest.
    public var sentence: String {
        switch self {
        case .httpStatus(let code, let url): return "\(url) answered HTTP \(code)"
        case .gone(let url): return "\(url) answered 410 Gone; the feed is no longer polled"
        case .timedOut(let url, let s): return "\(url) did not answer within \(FetchError.format(seconds: s))"
        case .tooSlow(let url): return "\(url) sent data too slowly and was abandoned"
        case .tooLarge(let url, let limit): return "\(url) sent more than \(FetchError.format(bytes: limit)), the size cap"
        case .tooManyRedirects(let url, let limit): return "\(url) redirected more than \(limit) times"
        case .unresolvedHost(let host): return "the host name \(host) does not resolve"
        case .connectionRefused(let url): return "\(url) refused the connection"
        case .forbiddenAddress(let url, let address): return "\(url) resolves to \(address), a private or local address, refused by deny_private_networks"
        case .unsupportedProtocol(let url): return "\(url) uses a protocol newswatch does not fetch (only http, https and local files)"
        case .fileUnreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .transport(let url, let message): return "\(url) \(message)"
        }
    }

    static func format(seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1f s", seconds) : "\(Int(seconds.rounded())) s"
    }

    static func format(bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
