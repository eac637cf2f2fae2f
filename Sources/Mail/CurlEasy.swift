import CCurl
import Foundation

/// One libcurl easy handle for one blocking transfer, with its error buffer and string lists.
/// Confinement: created, used and dropped by a single call on a single thread; never shared.
final class CurlEasy {
    let handle: OpaquePointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    /// `curl_global_init` once per process, before any handle (libcurl ≥ 7.84 makes it thread-safe).
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    init() throws(MailError) {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw MailError("libcurl could not be initialised", kind: .configuration)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try setDefaults()
    }

    /// Clears every option for the next transfer; open connections stay in the handle's cache for reuse.
    func reset() throws(MailError) {
        curl_easy_reset(handle)
        for list in lists { curl_slist_free_all(list) }
        lists = []
        errorBuffer.update(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try setDefaults()
    }

    private func setDefaults() throws(MailError) {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws(MailError) {
        try check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    /// libcurl copies string options, so `value` need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(MailError) {
        try check(ccurl_easy_setopt_str(handle, option, value), option)
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(MailError) {
        try check(ccurl_easy_setopt_ptr(handle, option, pointer), option)
    }

    /// Builds a curl_slist that lives as long as this handle.
    func set(_ option: CURLoption, list values: [String]) throws(MailError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values {
            guard let appended = curl_slist_append(list, value) else {
                if let list { curl_slist_free_all(list) }
                throw MailError("libcurl could not allocate a list", kind: .configuration)
            }
            list = appended
        }
        if let list { lists.append(list) }
        try check(ccurl_easy_setopt_slist(handle, option, list), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(MailError) {
        guard code == CURLE_OK else {
            throw MailError("libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))", kind: .configuration)
        }
    }

    /// Runs the transfer; blocks until it ends.
    func perform() -> CURLcode { curl_easy_perform(handle) }

    /// libcurl's detailed message for the last failure, or its generic text for `code`.
    func failureDetail(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    /// The last SMTP reply code or HTTP status (0 when none arrived).
    var responseCode: Int {
        var code = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }
}

/// Bytes handed to libcurl's read callback, in order.
final class UploadSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The READFUNCTION: copies the next bytes of the `UploadSource` passed as READDATA.
    static let readCallback: curl_read_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let source = Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue()
        let length = min(size * count, source.bytes.count - source.offset)
        source.bytes.withUnsafeBufferPointer { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + source.offset, byteCount: length)
        }
        source.offset += length
        return length
    }
}

/// Keeps at most `limit` bytes of a response body (for error messages) and discards the rest,
/// so libcurl never writes a response to stdout.
final class ResponseSink {
    let limit: Int
    var bytes: [UInt8] = []
    init(limit: Int) { self.limit = limit }

    static let writeCallback: curl_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context else { return length }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let keep = min(length, sink.limit - sink.bytes.count)
        if keep > 0 {
            sink.bytes += UnsafeRawBufferPointer(start: data, count: keep)
        }
        return length
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
