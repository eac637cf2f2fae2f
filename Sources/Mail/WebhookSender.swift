import CCurl
import Foundation

/// POSTs a watch's new stories as JSON to a webhook URL (`[[watch]] webhook = URL`), retrying
/// failures that may pass (no answer, timeout, 408, 425, 429, 5xx) with a doubling delay.
/// Blocking: call it off the fetch thread.
public struct WebhookSender: Sendable {
    /// Tries in all, the first included.
    public var attempts: Int
    /// Seconds allowed for each attempt.
    public var timeout: TimeInterval
    /// Seconds before the second attempt; doubled before each later one.
    public var retryDelay: TimeInterval

    public init(attempts: Int = 3, timeout: TimeInterval = 10, retryDelay: TimeInterval = 1) {
        self.attempts = max(1, attempts); self.timeout = timeout; self.retryDelay = retryDelay
    }

    /// POSTs with the default policy (3 attempts, 10 s each, 1 s then 2 s apart).
    public static func post(url: String, payload: WebhookPayload) throws(MailError) {
        try WebhookSender().post(url: url, payload: payload)
    }

    /// Succeeds on any 2xx answer. Throws after the last failed attempt, or at once when the endpoint
    /// refused for good (another 4xx, a redirect): `transient` tells whether a later pass may succeed.
    public func post(url: String, payload: WebhookPayload) throws(MailError) {
        let body: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = Array(try encoder.encode(payload))
        } catch {
            throw MailError("webhook payload for watch \"\(payload.watch)\" could not be encoded: \(error)", transient: false, kind: .configuration)
        }
        try post(url: url, json: body)
    }

    /// POSTs an already encoded JSON body, with the same retries.
    public func post(url: String, json body: [UInt8]) throws(MailError) {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw MailError("webhook url \"\(HeaderText.sanitized(url))\" must start with http:// or https://", kind: .configuration)
        }
        var delay = retryDelay
        var attempt = 1
        while true {
            do throws(MailError) {
                try postOnce(url: url, body: body)
                return
            } catch {
                guard error.transient, attempt < attempts else {
                    var final = error
                    if attempt > 1 { final.message += " (after \(attempt) attempts)" }
                    throw final
                }
            }
            Thread.sleep(forTimeInterval: delay)
            delay *= 2
            attempt += 1
        }
    }

    private func postOnce(url: String, body: [UInt8]) throws(MailError) {
        let curl = try CurlEasy()
        let sink = ResponseSink(limit: 300)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(MailError) -> CURLcode in
            try curl.set(CURLOPT_URL, url)
            try curl.set(CURLOPT_PROTOCOLS_STR, "http,https")
            try curl.set(CURLOPT_POST, 1)
            try curl.set(CURLOPT_POSTFIELDSIZE_LARGE, body.count)
            // COPYPOSTFIELDS copies the body, so it need not outlive this call.
            try body.withUnsafeBufferPointer { buffer throws(MailError) in
                try curl.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            }
            try curl.set(CURLOPT_HTTPHEADER, list: ["Content-Type: application/json", "Expect:"])
            try curl.set(CURLOPT_USERAGENT, "newswatch")
            try curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
            try curl.set(CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
            _ = ccurl_easy_setopt_write_cb(curl.handle, CURLOPT_WRITEFUNCTION, ResponseSink.writeCallback)
            try curl.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
            return curl.perform()
        }
        let target = HeaderText.sanitized(url)
        switch code {
        case CURLE_OK:
            break
        case CURLE_OPERATION_TIMEDOUT:
            throw MailError("webhook \(target) timed out after \(Int(timeout)) s", kind: .timeout)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            throw MailError("webhook \(target) unreachable: \(curl.failureDetail(code))", kind: .unreachable)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            throw MailError("webhook \(target): TLS failed: \(curl.failureDetail(code))", kind: .tls)
        default:
            throw MailError("webhook \(target) failed: \(curl.failureDetail(code))", kind: .other)
        }
        let status = curl.responseCode
        guard (200..<300).contains(status) else {
            let retryable = status == 408 || status == 425 || status == 429 || (500..<600).contains(status)
            let answer = HeaderText.sanitized(sink.text)
            throw MailError("webhook \(target) answered HTTP \(status)\(answer.isEmpty ? "" : ": \(answer)")",
                            transient: retryable, kind: .httpStatus)
        }
    }
}
