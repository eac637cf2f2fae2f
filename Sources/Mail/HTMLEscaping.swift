/// Escaping for text placed in HTML element content or in a double-quoted attribute.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Controls other than newline and tab have no business in mail HTML.
                if scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The link when it is an http(s) URL that is safe to put in href; nil for javascript:, data: and the like.
    static func safeLink(_ link: String?) -> String? {
        guard let link else { return nil }
        let trimmed = HeaderText.sanitized(link)
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !trimmed.contains(" ") else { return nil }
        return trimmed
    }
}
