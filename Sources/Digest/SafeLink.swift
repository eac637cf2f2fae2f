import Foundation

/// A link from a feed that is safe to put in an `href`: http or https with a host, and nothing else.
///
/// Characters that are not allowed in a URL are percent-encoded, so the result never contains
/// whitespace, quotes or angle brackets; anything that is not http(s) (`javascript:`, `data:`,
/// relative paths, protocol-relative `//host`) yields nil and is shown as plain text instead.
enum SafeLink {
    static func http(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        let encoded = percentEncodeDisallowed(trimmed)
        guard let components = URLComponents(string: encoded),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return nil }
        return encoded
    }

    /// RFC 3986 unreserved and reserved characters plus `%` stay; everything else is encoded as UTF-8 bytes.
    private static func percentEncodeDisallowed(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    private static let allowed: Set<UInt8> = {
        let characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%"
        return Set(characters.utf8)
    }()
}
