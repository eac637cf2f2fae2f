import Foundation

/// One mailbox, `Name <address>` or a bare address, parsed leniently and rendered safely.
struct MailAddress: Hashable {
    var displayName: String
    /// The addr-spec, stripped of anything that could break a header or an SMTP command.
    var address: String

    init(parsing text: String) {
        let clean = HeaderText.sanitized(text)
        if let open = clean.lastIndex(of: "<"), let close = clean[open...].firstIndex(of: ">") {
            var name = clean[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.first == "\"", name.last == "\"" {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            displayName = name
            address = Self.cleanAddress(String(clean[clean.index(after: open)..<close]))
        } else {
            displayName = ""
            address = Self.cleanAddress(clean)
        }
    }

    private static func cleanAddress(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            !($0.properties.generalCategory == .control || $0.properties.isWhitespace || "<>,;\"()\\".unicodeScalars.contains($0))
        }))
    }

    /// Header tokens for this mailbox: the display name (plain, quoted or encoded) followed by `<address>`.
    var headerTokens: [String] {
        guard !displayName.isEmpty else { return ["<\(address)>"] }
        let name: [String]
        if HeaderText.isPlain(displayName) {
            let atomOnly = displayName.unicodeScalars.allSatisfy { $0 == " " || Self.isAtext($0) }
            name = atomOnly ? displayName.split(separator: " ").map(String.init)
                : ["\"" + displayName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""]
        } else {
            name = HeaderText.encodedWords(displayName)
        }
        return name + ["<\(address)>"]
    }

    private static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar))
    }
}

extension MailAddress {
    /// A header listing mailboxes separated by commas, folded between them.
    static func header(name: String, _ addresses: [MailAddress]) -> String {
        var tokens: [String] = []
        for (index, address) in addresses.enumerated() {
            var mailbox = address.headerTokens
            if index < addresses.count - 1 { mailbox[mailbox.count - 1] += "," }
            tokens += mailbox
        }
        return HeaderText.fold(name: name, tokens: tokens)
    }
}
