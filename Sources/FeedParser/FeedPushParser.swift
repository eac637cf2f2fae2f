import Foundation
import Model

/// A streaming feed parser: push the document's bytes as they arrive (for example from libcurl's write
/// callback), then call `finish()`. XML is decoded to UTF-8, rewritten by `MarkupPrepass` and fed to a
/// hardened libxml2 SAX2 push parser chunk by chunk; JSON Feed documents are buffered (up to the size cap).
/// Not thread-safe: one parser per document, used from one thread at a time.
public final class FeedPushParser {
    /// The default cap on a document's size.
    public static let defaultMaxBytes = 16 << 20

    private enum Mode { case sniffing, xml, json }

    private let maxBytes: Int
    private let httpCharset: String?
    private var mode: Mode = .sniffing
    private var received = 0
    private var head: [UInt8] = []
    private var decoder: CharsetDecoder?
    private var prepass = MarkupPrepass()
    private var builder: FeedBuilder
    private var driver: XMLPushDriver?
    private var decoded: [UInt8] = []
    private var rewritten = ByteBuffer()
    private var encodingErrors = RecoveredErrors()
    private var failure: FeedParseError?
    private var finished = false

    /// - Parameters:
    ///   - documentURL: where the document came from; the last base for relative URLs.
    ///   - httpCharset: the charset parameter of the response's Content-Type, if any.
    ///   - contentLocation: the response's Content-Location, a base between xml:base and the document URL.
    ///   - maxBytes: documents larger than this are refused.
    public init(documentURL: String? = nil, httpCharset: String? = nil, contentLocation: String? = nil,
                maxBytes: Int = FeedPushParser.defaultMaxBytes) {
        self.maxBytes = maxBytes
        self.httpCharset = httpCharset
        // A local file's path is no base for the links a feed publishes (feedparser agrees): only web URLs are.
        var base = documentURL.flatMap { URLTools.scheme(of: $0) == "file" ? nil : $0 }
        if let location = contentLocation?.trimmed(), !location.isEmpty { base = URLTools.resolve(location, against: base) }
        builder = FeedBuilder(documentBase: base, sanitizer: HTMLSanitizer())
    }

    /// Pushes the next chunk of the document.
    public func feed(_ chunk: UnsafeRawBufferPointer) throws(FeedParseError) {
        if let failure { throw failure }
        received += chunk.count
        if received > maxBytes {
            fail(FeedParseError("refused: document larger than the \(FeedPushParser.describe(bytes: maxBytes)) limit"))
            throw failure!
        }
        let bytes = chunk.bindMemory(to: UInt8.self)
        switch mode {
        case .sniffing:
            if head.isEmpty && bytes.count >= CharsetDetection.prefixLength {
                try startDocument(bytes, final: false)  // a first chunk long enough to sniff: not copied
            } else {
                head.append(contentsOf: bytes)
                if head.count >= CharsetDetection.prefixLength { try startBufferedDocument(final: false) }
            }
        case .json:
            head.append(contentsOf: bytes)
        case .xml:
            try pushXML(bytes, final: false)
        }
    }

    /// Pushes the next chunk of the document.
    public func feed(_ chunk: [UInt8]) throws(FeedParseError) {
        var result: Result<Void, FeedParseError> = .success(())
        chunk.withUnsafeBytes { raw in
            do throws(FeedParseError) { try feed(raw) } catch { result = .failure(error) }
        }
        try result.get()
    }

    /// Ends the document and returns the feed, or why there is none.
    public func finish() throws(FeedParseError) -> ParsedFeed {
        if let failure { throw failure }
        guard !finished else { throw FeedParseError("finish() called twice") }
        finished = true
        switch mode {
        case .sniffing:
            try startBufferedDocument(final: true)
            if mode == .json { return try finishJSON() }
        case .json:
            return try finishJSON()
        case .xml:
            try pushXML(UnsafeBufferPointer(start: nil, count: 0), final: true)
        }
        if let failure { throw failure }
        if let problem = builder.rootProblem { throw FeedParseError(problem) }
        guard builder.sawRoot else {
            let detail = builder.errors.messages.first.map { " (\($0))" } ?? ""
            throw FeedParseError("not a feed: no XML document element found\(detail)")
        }
        var result = builder.result()
        result.errors = encodingErrors.messages + prepass.errors.messages + builder.errors.messages
        if let decoder, decoder.sawInvalidUTF8 {
            result.errors.insert("invalid UTF-8 bytes decoded as windows-1252", at: 0)
        }
        if let decoder, decoder.sawUnconvertible {
            result.errors.insert("bytes not valid in \(decoder.charset) replaced by U+FFFD", at: 0)
        }
        return result
    }

    private func fail(_ error: FeedParseError) {
        if failure == nil { failure = error }
    }

    static func describe(bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// Starts the document with the bytes buffered while sniffing.
    private func startBufferedDocument(final: Bool) throws(FeedParseError) {
        let pending = head
        head = []
        try pending.withUnsafeBufferPointer { buf throws(FeedParseError) in try startDocument(buf, final: final) }
    }

    /// Sniffs the document's first bytes (JSON or XML, and the charset), then parses them.
    private func startDocument(_ start: UnsafeBufferPointer<UInt8>, final: Bool) throws(FeedParseError) {
        var first = 0
        if start.count >= 3 && start[0] == 0xEF && start[1] == 0xBB && start[2] == 0xBF { first = 3 }
        while first < start.count, isSpace(start[first]) { first += 1 }
        if first >= start.count {
            fail(FeedParseError(start.isEmpty ? "not a feed: the document is empty" : "not a feed: the document is blank"))
            throw failure!
        }
        if start[first] == UInt8(ascii: "{") { mode = .json; head = Array(start); return }
        if start[first] == UInt8(ascii: "[") {
            fail(FeedParseError("not a feed: a JSON document that is not a JSON Feed")); throw failure!
        }
        let detection = CharsetDetection.detect(prefix: start, httpCharset: httpCharset)
        if let label = detection.unsupportedLabel {
            encodingErrors.record("unsupported charset \"\(label)\"; read as UTF-8")
        }
        decoder = CharsetDecoder(detection.charset) ?? CharsetDecoder(.utf8)
        if detection.charset == .utf16BE || detection.charset == .utf16LE, httpCharset.flatMap(SourceCharset.init(label:)) == nil {
            // Fine: UTF-16 is detected from the bytes.
        }
        mode = .xml
        driver = XMLPushDriver(handler: builder)
        try pushXML(UnsafeBufferPointer(rebasing: start[detection.bomLength...]), final: final)
    }

    private func pushXML(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(FeedParseError) {
        guard let decoder, let driver else { return }
        decoded.removeAll(keepingCapacity: true)
        let passedThrough = decoder.decode(bytes, final: final, into: &decoded)
        rewritten.removeAll()
        // Sized once for the usual growth (&lt; -> &#60;): no reallocation chain on the first chunks.
        let expected = bytes.count + bytes.count / 4 + 256
        if rewritten.capacity < expected { rewritten.reserveCapacity(expected) }
        var refusal: MarkupPrepass.Refusal?
        func rewrite(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
            do throws(MarkupPrepass.Refusal) { return try prepass.process(input, final: final, into: &rewritten) } catch { refusal = error; return false }
        }
        let unchanged: Bool
        if passedThrough { unchanged = rewrite(bytes) } else { unchanged = decoded.withUnsafeBufferPointer { rewrite($0) } }
        if let refusal, case .entityExpansion(let message) = refusal {
            fail(FeedParseError(message)); throw failure!
        }
        if unchanged {
            if passedThrough { driver.push(bytes, final: final) } else { decoded.withUnsafeBufferPointer { _ = driver.push($0, final: final) } }
        } else {
            rewritten.withUnsafeBufferPointer { _ = driver.push($0, final: final) }
        }
    }

    private func finishJSON() throws(FeedParseError) -> ParsedFeed {
        try JSONFeedReader(documentBase: builder.documentBase, sanitizer: builder.sanitizer).read(head)
    }
}
