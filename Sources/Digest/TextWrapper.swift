/// Greedy word wrap measured in display columns, with a first-line prefix and a hanging indent.
///
/// Breaks at spaces, and between CJK characters (which need no spaces), keeping closing punctuation
/// such as `。` or `」` with the character before it. A word longer than a line is split, except a URL,
/// which gets a line of its own so it stays clickable (the one kind of line allowed past the width).
struct TextWrapper: Sendable {
    var width: Int = 80

    func wrap(_ text: String, first firstPrefix: String = "", rest restPrefix: String = "") -> [String] {
        var lines: [String] = []
        var line = firstPrefix
        var lineWidth = DisplayWidth.of(firstPrefix)
        var lineHasContent = false
        var prefixWidth = lineWidth

        func available() -> Int { max(width - prefixWidth, 10) }
        func flush() {
            lines.append(trimmedTrailing(line))
            line = restPrefix
            lineWidth = DisplayWidth.of(restPrefix)
            prefixWidth = lineWidth
            lineHasContent = false
        }

        for atom in Self.atoms(of: text) {
            let atomWidth = DisplayWidth.of(atom.text)
            let gap = (atom.spaceBefore && lineHasContent) ? 1 : 0
            if lineWidth + gap + atomWidth <= width || (!lineHasContent && atomWidth <= available()) {
                if gap == 1 { line.append(" ") }
                line += atom.text
                lineWidth += gap + atomWidth
                lineHasContent = true
                continue
            }
            if lineHasContent { flush() }
            if atomWidth <= available() {
                line += atom.text
                lineWidth += atomWidth
                lineHasContent = true
            } else if Self.isURL(atom.text) {
                // A URL never shares a line with prose, and a non-blank prefix goes on its own line.
                if !line.allSatisfy({ $0 == " " }) { flush() }
                line += atom.text
                lineHasContent = true
                flush()
            } else {
                for piece in Self.split(atom.text, columns: available()) {
                    if lineHasContent { flush() }
                    line += piece
                    lineWidth += DisplayWidth.of(piece)
                    lineHasContent = true
                }
            }
        }
        if lineHasContent || lines.isEmpty { lines.append(trimmedTrailing(line)) }
        return lines
    }

    /// Re-wraps any line of already rendered text that is too wide (a user's template may write long
    /// lines), keeping its indentation as the hanging indent. Lines that are URLs stay as they are.
    func reflow(_ text: String) -> String {
        var out: [String] = []
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // "-- " is the signature separator mail clients look for; its space is meaningful.
            let line = rawLine == "-- " ? "-- " : trimmedTrailing(String(rawLine))
            if DisplayWidth.of(line) <= width || Self.isURLLine(line) {
                out.append(line)
                continue
            }
            let indent = String(line.prefix(while: { $0 == " " }))
            out += wrap(String(line.dropFirst(indent.count)), first: indent, rest: indent)
        }
        return out.joined(separator: "\n")
    }

    static func isURL(_ word: some StringProtocol) -> Bool {
        let lower = word.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// A line that is nothing but (indentation and) a URL.
    static func isURLLine(_ line: some StringProtocol) -> Bool {
        let content = line.drop(while: { $0 == " " })
        return isURL(content) && !content.contains(" ")
    }

    private struct Atom {
        var text: String
        var spaceBefore: Bool
    }

    /// Unbreakable units: words, single CJK characters, and CJK closing punctuation glued to what precedes.
    private static func atoms(of text: String) -> [Atom] {
        var atoms: [Atom] = []
        var current = ""
        var currentSpaceBefore = false
        var sawSpace = false

        func finish() {
            if !current.isEmpty { atoms.append(Atom(text: current, spaceBefore: currentSpaceBefore)) }
            current = ""
        }
        for character in text {
            if character.isWhitespace {
                finish()
                sawSpace = true
                continue
            }
            if DisplayWidth.of(character) == 2 {
                if noBreakBefore.contains(character), !sawSpace, !(current.isEmpty && atoms.isEmpty) {
                    if current.isEmpty { atoms[atoms.count - 1].text.append(character) } else { current.append(character) }
                    continue
                }
                let gluedToPrevious = current.last.map { noBreakAfter.contains($0) } ?? false
                if !gluedToPrevious { finish(); currentSpaceBefore = sawSpace }
                current.append(character)
                if !noBreakAfter.contains(character) { finish() }
                sawSpace = false
                continue
            }
            if current.isEmpty { currentSpaceBefore = sawSpace }
            current.append(character)
            sawSpace = false
        }
        finish()
        return atoms
    }

    private static let noBreakBefore: Set<Character> = Set("、。，．：；？！）」』】〕〉》〗〙〛ー…・％")
    private static let noBreakAfter: Set<Character> = Set("（「『【〔〈《〖〘〚")

    /// Splits an over-long word into pieces of at most `columns` display columns.
    private static func split(_ word: String, columns: Int) -> [String] {
        var pieces: [String] = []
        var piece = ""
        var pieceWidth = 0
        for character in word {
            let w = DisplayWidth.of(character)
            if pieceWidth + w > columns, !piece.isEmpty {
                pieces.append(piece)
                piece = ""
                pieceWidth = 0
            }
            piece.append(character)
            pieceWidth += w
        }
        if !piece.isEmpty { pieces.append(piece) }
        return pieces
    }
}

private func trimmedTrailing(_ line: String) -> String {
    var line = line
    while line.last == " " { line.removeLast() }
    return line
}
