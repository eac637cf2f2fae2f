import Foundation
import Glibc
import CCurl

/// One request being fetched: its easy handle and everything the callbacks collect.
/// Confinement: created, used and released only on the fetch engine's thread.
final class Transfer {
    let job: FetchJob
    let easy: OpaquePointer
    let options: FetchOptions
    let maxBodyBytes: Int
    private let started = ContinuousClock.now
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    /// Decompressed body bytes received so far (the write callback stops the transfer past the cap).
    var body: [UInt8] = []
    var bodyOverflowed = false
    /// The status code of every final (non-1xx) response seen, one per hop of the redirect chain.
    var hopStatuses: [Int] = []
    /// Set by the open-socket callback when deny_private_networks refused the address.
    var refusedAddress: String?

    init(job: FetchJob, easy: OpaquePointer, options: FetchOptions) {
        self.job = job; self.easy = easy; self.options = options; self.maxBodyBytes = options.maxBodyBytes
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure()
    }

    deinit {
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    private var request: FetchRequest { job.request }

    private func configure() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_easy_setopt_str(easy, CURLOPT_URL, request.url)
        ccurl_easy_setopt_ptr(easy, CURLOPT_PRIVATE, context)
        ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_easy_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_easy_setopt_str(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1)
        ccurl_easy_setopt_long(easy, CURLOPT_MAXREDIRS, options.maxRedirects)
        ccurl_easy_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, "")   // every encoding this libcurl decodes
        ccurl_easy_setopt_str(easy, CURLOPT_USERAGENT, options.userAgent)
        ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(options.timeout * 1000))
        if options.lowSpeedSeconds > 0 && options.lowSpeedBytesPerSecond > 0 {
            ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedBytesPerSecond)
            ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, options.lowSpeedSeconds)
        }
        // A feed usually arrives in one or two reads instead of libcurl's default 16 KiB slices (the curl tool does the same).
        ccurl_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, 128 << 10)
        ccurl_easy_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        ccurl_easy_setopt_write_cb(easy, CURLOPT_WRITEFUNCTION, transferWriteCallback)
        ccurl_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, context)
        ccurl_easy_setopt_write_cb(easy, CURLOPT_HEADERFUNCTION, transferHeaderCallback)
        ccurl_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, context)
        if options.denyPrivateNetworks {
            ccurl_easy_setopt_opensocket_cb(easy, transferOpenSocketCallback)
            ccurl_easy_setopt_ptr(easy, CURLOPT_OPENSOCKETDATA, context)
        }

        var headers = ["Accept: application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"]
        if let etag = request.etag, !etag.isEmpty { headers.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified, !lastModified.isEmpty { headers.append("If-Modified-Since: \(lastModified)") }
        for header in headers { requestHeaders = curl_slist_append(requestHeaders, header) }
        ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, requestHeaders)
    }

    // MARK: Result

    /// The response for a finished transfer with libcurl's result code.
    func response(result: CURLcode) -> FetchResponse {
        let duration = (ContinuousClock.now - started).seconds
        var code = 0
        ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        let status: Int? = code > 0 ? code : nil
        var effective: UnsafeMutablePointer<CChar>?
        ccurl_easy_getinfo_str(easy, CURLINFO_EFFECTIVE_URL, &effective)
        let effectiveURL = effective.map { String(cString: $0) } ?? request.url

        var response = FetchResponse(request: request, status: status, effectiveURL: effectiveURL, duration: duration)
        if result != CURLE_OK {
            response.error = error(for: result, effectiveURL: effectiveURL, duration: duration)
            return response
        }
        response.contentType = header("Content-Type")
        response.contentLocation = header("Content-Location")
        response.etag = header("ETag")
        response.lastModified = header("Last-Modified")
        response.maxAge = header("Cache-Control").flatMap(HeaderValues.maxAge(cacheControl:))

        switch code {
        case 200..<300:
            response.body = body
            response.permanentRedirect = permanentRedirectTarget(effectiveURL)
        case 304:
            response.permanentRedirect = permanentRedirectTarget(effectiveURL)
        case 410:
            response.error = .gone(url: request.url)
        default:
            if code == 429 || code == 503 {
                response.retryAfter = header("Retry-After").flatMap { HeaderValues.retryAfter($0, now: Date()) }
            }
            response.error = .httpStatus(code, url: request.url)
        }
        body = []
        return response
    }

    /// The effective URL when every hop before the final response was a 301 or 308.
    private func permanentRedirectTarget(_ effectiveURL: String) -> String? {
        var redirects = 0
        ccurl_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
        guard redirects > 0, hopStatuses.count > redirects else { return nil }
        let chain = hopStatuses.suffix(redirects + 1).dropLast()
        return chain.allSatisfy({ $0 == 301 || $0 == 308 }) ? effectiveURL : nil
    }

    /// A header of the final response, via libcurl's header API.
    private func header(_ name: String) -> String? {
        var found: UnsafeMutablePointer<curl_header>?
        guard curl_easy_header(easy, name, 0, UInt32(CURLH_HEADER), -1, &found) == CURLHE_OK,
              let value = found?.pointee.value else { return nil }
        let text = String(cString: value).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    private func error(for result: CURLcode, effectiveURL: String, duration: Double) -> FetchError {
        let url = request.url
        let detail = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        let described = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        switch result {
        case CURLE_COULDNT_RESOLVE_HOST:
            return .unresolvedHost(host: URLComponents(string: effectiveURL)?.host ?? effectiveURL)
        case CURLE_COULDNT_CONNECT:
            if let refusedAddress { return .forbiddenAddress(url: effectiveURL, address: refusedAddress) }
            var osErrno = 0
            ccurl_easy_getinfo_long(easy, CURLINFO_OS_ERRNO, &osErrno)
            if osErrno == Int(ECONNREFUSED) { return .connectionRefused(url: effectiveURL) }
            return .transport(url: url, message: "could not connect (\(described))")
        case CURLE_OPERATION_TIMEDOUT:
            // A server that never sent a status line did not answer; one that did but then stalled was too slow.
            if hopStatuses.isEmpty && body.isEmpty { return .timedOut(url: url, seconds: duration) }
            if detail.hasPrefix("Operation too slow") { return .tooSlow(url: url) }
            return .timedOut(url: url, seconds: duration)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects(url: url, limit: options.maxRedirects)
        case CURLE_WRITE_ERROR where bodyOverflowed, CURLE_FILESIZE_EXCEEDED:
            return .tooLarge(url: url, limit: options.maxBodyBytes)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return .unsupportedProtocol(url: effectiveURL)
        case CURLE_URL_MALFORMAT:
            return .transport(url: url, message: "is not a valid URL")
        case CURLE_GOT_NOTHING:
            return .transport(url: url, message: "closed the connection without answering")
        case CURLE_BAD_CONTENT_ENCODING:
            return .transport(url: url, message: "sent a compressed body that could not be decoded (\(described))")
        case CURLE_PEER_FAILED_VERIFICATION:
            return .transport(url: url, message: "presented a TLS certificate that is not trusted (\(described))")
        case CURLE_SSL_CONNECT_ERROR:
            return .transport(url: url, message: "failed the TLS handshake (\(described))")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .transport(url: url, message: "broke off the connection (\(described))")
        default:
            return .transport(url: url, message: "could not be fetched (\(described))")
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

// MARK: C callbacks (non-capturing; the Transfer arrives through the user-data pointer)

private let transferWriteCallback: curl_write_callback = { data, size, count, context in
    let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    if transfer.body.count + length > transfer.maxBodyBytes {
        transfer.bodyOverflowed = true
        return 0   // libcurl aborts with CURLE_WRITE_ERROR
    }
    if transfer.body.isEmpty && length > 0 {
        // Size the buffer once from Content-Length (exact for identity bodies) instead of growing it by doubling.
        var announced: curl_off_t = -1
        ccurl_easy_getinfo_off(transfer.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced)
        if announced > 0 { transfer.body.reserveCapacity(min(Int(announced), transfer.maxBodyBytes)) }
    }
    if length > 0, let data {
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
    }
    return length
}

private let transferHeaderCallback: curl_write_callback = { data, size, count, context in
    let length = size * count
    guard let data, length > 5 else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
    // Status lines ("HTTP/1.1 301 Moved Permanently", "HTTP/2 200") mark each response of the chain.
    let isStatusLine = data[0] == 0x48 && data[1] == 0x54 && data[2] == 0x54 && data[3] == 0x50 && data[4] == 0x2F
    if isStatusLine {
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        let fields = line.split(separator: " ", maxSplits: 2)
        if fields.count >= 2, let code = Int(fields[1].trimmingCharacters(in: .whitespacesAndNewlines)), code >= 200 {
            transfer.hopStatuses.append(code)
        }
    }
    return length
}

private let transferOpenSocketCallback: curl_opensocket_callback = { context, _, address in
    guard let context, let address else { return -1 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let refused = withUnsafePointer(to: &address.pointee.addr) { AddressPolicy.refusedAddress($0) }
    if let refused, !transfer.options.privateAddressesAllowed.contains(refused) {
        transfer.refusedAddress = refused
        return -1   // CURL_SOCKET_BAD: libcurl reports CURLE_COULDNT_CONNECT
    }
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}
