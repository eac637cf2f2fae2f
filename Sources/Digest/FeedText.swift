/// Text that came from a feed, made safe to lay out: control characters and line breaks become spaces,
/// runs of whitespace collapse to one space, and the ends are trimmed.
///
/// Escaping for HTML is the templates' job (mustache `{{ }}`); this only makes layout predictable,
/// so a title with embedded newlines or NULs cannot break a text line or an HTML attribute.
enum FeedText {
    static func clean(_ raw: String) -> String {
        var result = ""
        result.reserveCapacity(raw.utf8.count)
        var pendingSpace = false
        for scalar in raw.unicodeScalars {
            if isBlank(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if isInvisibleControl(scalar) { continue }
            if pendingSpace { result.append(" "); pendingSpace = false }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// `clean`, but an empty result reads as `fallback`.
    static func clean(_ raw: String, orElse fallback: String) -> String {
        let cleaned = clean(raw)
        return cleaned.isEmpty ? fallback : cleaned
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Bidirectional overrides and isolates can make inert text read backwards (a spoofing trick); drop them.
    private static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }
}
