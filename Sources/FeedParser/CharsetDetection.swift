/// Chooses a document's charset: byte order mark, then the HTTP charset, then the XML declaration,
/// then sniffing (UTF-16 without a BOM; otherwise UTF-8 with windows-1252 fallback).
struct CharsetDetection {
    var charset: SourceCharset
    /// Bytes of byte order mark to skip.
    var bomLength: Int
    /// The label that could not be used, if any (an encoding error to report).
    var unsupportedLabel: String?

    /// How many leading bytes detection wants to see (it works with fewer at the end of input).
    static let prefixLength = 1024

    static func detect(prefix: UnsafeBufferPointer<UInt8>, httpCharset: String?) -> CharsetDetection {
        func starts(_ p: [UInt8]) -> Bool { prefix.starts(with: p) }
        if starts([0xEF, 0xBB, 0xBF]) { return .init(charset: .utf8, bomLength: 3) }
        if starts([0xFF, 0xFE, 0, 0]) { return .init(charset: .other("UTF-32LE"), bomLength: 4) }
        if starts([0, 0, 0xFE, 0xFF]) { return .init(charset: .other("UTF-32BE"), bomLength: 4) }
        if starts([0xFF, 0xFE]) { return .init(charset: .utf16LE, bomLength: 2) }
        if starts([0xFE, 0xFF]) { return .init(charset: .utf16BE, bomLength: 2) }
        let looksUTF16LE = starts([0x3C, 0, 0x3F, 0]) || starts([0x3C, 0, 0x72, 0]) || starts([0x3C, 0, 0x66, 0])
        let looksUTF16BE = starts([0, 0x3C, 0, 0x3F]) || starts([0, 0x3C, 0, 0x72]) || starts([0, 0x3C, 0, 0x66])
        if looksUTF16LE { return .init(charset: .utf16LE, bomLength: 0) }
        if looksUTF16BE { return .init(charset: .utf16BE, bomLength: 0) }

        var rejected: String?
        if let label = httpCharset, let charset = SourceCharset(label: label) {
            if charset.isUsable(byteOrientedInput: true) { return .init(charset: charset, bomLength: 0) }
            rejected = label
        }
        if let label = declaredEncoding(prefix), let charset = SourceCharset(label: label) {
            if charset.isUsable(byteOrientedInput: true) { return .init(charset: charset, bomLength: 0, unsupportedLabel: rejected) }
            rejected = rejected ?? label
        }
        return .init(charset: .utf8, bomLength: 0, unsupportedLabel: rejected)
    }

    /// The `encoding` pseudo-attribute of a leading `<?xml ...?>` declaration.
    static func declaredEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard bytes.count - i > 5, bytes[i..<i + 5].elementsEqual("<?xml".utf8) else { return nil }
        var end = i + 5
        while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">")) { end += 1 }
        guard let decl = String(validating: bytes[i..<end], as: UTF8.self), let range = decl.range(of: "encoding") else { return nil }
        var rest = decl[range.upperBound...].drop(while: { $0 == " " || $0 == "=" || $0 == "\t" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: quote) else { return nil }
        return String(rest[..<close])
    }
}

extension SourceCharset {
    /// UTF-16 labels on byte-oriented (ASCII-compatible) content are mislabels; iconv must know the rest.
    func isUsable(byteOrientedInput: Bool) -> Bool {
        switch self {
        case .utf16BE, .utf16LE: return !byteOrientedInput
        case .other: return CharsetDecoder(self) != nil
        default: return true
        }
    }
}
