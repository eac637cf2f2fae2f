import Foundation

/// A small, strict parser for TOML 1.0: comments, bare/quoted/dotted keys, `[tables]`,
/// `[[arrays of tables]]`, basic and literal strings (single- and multi-line), integers
/// (decimal, hex, octal, binary, with `_`), floats, booleans, dates (kept as text), arrays
/// and inline tables. Anything TOML forbids, such as a duplicate key, is an error with its line and column.
public struct TOMLParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    /// Index of the first scalar of each line, for turning an index into a line and column.
    private let lineStarts: [Int]

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        var starts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// Parses a whole document. `file` is shown in error messages (`config.toml:3:7: ...`).
    public static func parse(_ text: String, file: String? = nil) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(scalars: Array(text.unicodeScalars))
        do throws(TOMLError) {
            return try parser.parseDocument()
        } catch {
            var located = error
            located.file = file
            throw located
        }
    }

    /// Parses a document from raw bytes, refusing invalid UTF-8 with the position of the first bad byte.
    public static func parse(bytes: [UInt8], file: String? = nil) throws(TOMLError) -> TOMLTable {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var text = String.UnicodeScalarView()
        var line = 1, column = 1
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                text.append(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                break decoding
            case .error:
                throw TOMLError(.invalidUTF8, at: TOMLPosition(line: line, column: column), file: file)
            }
        }
        return try parse(String(text), file: file)
    }

    // MARK: - Document structure

    private mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TOMLTableNode(origin: .root, definedAt: nil)
        var current = root
        if peek() == "\u{FEFF}" { index += 1 }
        while true {
            skipSpaces()
            guard let scalar = peek() else { break }
            switch scalar {
            case "#", "\n", "\r":
                break
            case "[":
                current = try parseTableHeader(root: root)
            default:
                let (key, value) = try parseKeyValue()
                try current.assign(key, value)
            }
            try finishLine()
        }
        return root.freeze()
    }

    /// After a key/value pair or a header: optional spaces and comment, then a line break or the end.
    private mutating func finishLine() throws(TOMLError) {
        skipSpaces()
        if peek() == "#" { try skipComment() }
        guard let scalar = peek() else { return }
        if scalar == "\n" { index += 1; return }
        if scalar == "\r", peek(1) == "\n" { index += 2; return }
        if Self.isForbiddenControl(scalar) { throw error(.controlCharacter(scalar.value)) }
        throw error(.expectedEndOfLine(found: describe(scalar)))
    }

    private mutating func parseTableHeader(root: TOMLTableNode) throws(TOMLError) -> TOMLTableNode {
        let start = index
        index += 1
        let arrayOfTables = peek() == "["
        if arrayOfTables { index += 1 }
        let key = try parseKey()
        guard peek() == "]" else { throw error(.expectedTableHeaderClose(arrayOfTables: arrayOfTables)) }
        index += 1
        if arrayOfTables {
            guard peek() == "]" else { throw error(.expectedTableHeaderClose(arrayOfTables: true)) }
            index += 1
        }
        return try root.defineTable(key, arrayOfTables: arrayOfTables, at: position(of: start))
    }

    private mutating func parseKeyValue() throws(TOMLError) -> (TOMLKeyPath, TOMLValue) {
        let key = try parseKey()
        guard peek() == "=" else { throw error(.expectedEquals) }
        index += 1
        skipSpaces()
        return (key, try parseValue())
    }

    /// A key of one or more segments separated by dots, with the spaces around it consumed.
    private mutating func parseKey() throws(TOMLError) -> TOMLKeyPath {
        var segments: [(name: String, position: TOMLPosition)] = []
        while true {
            skipSpaces()
            let start = index
            let name: String
            switch peek() {
            case "\"": name = try parseBasicString()
            case "'": name = try parseLiteralString()
            default:
                while let scalar = peek(), Self.isBareKeyScalar(scalar) { index += 1 }
                guard index > start else { throw error(.expectedKey) }
                name = String(String.UnicodeScalarView(scalars[start..<index]))
            }
            segments.append((name, position(of: start)))
            skipSpaces()
            guard peek() == "." else { return TOMLKeyPath(segments: segments) }
            index += 1
        }
    }

    // MARK: - Values

    mutating func parseValue() throws(TOMLError) -> TOMLValue {
        switch peek() {
        case "\"":
            return .string(try startsWith("\"\"\"") ? parseMultilineBasicString() : parseBasicString())
        case "'":
            return .string(try startsWith("'''") ? parseMultilineLiteralString() : parseLiteralString())
        case "[":
            return try parseArray()
        case "{":
            return try parseInlineTable()
        default:
            return try parseBareValue()
        }
    }

    /// A number, boolean or date: the run of scalars up to the next delimiter, classified.
    private mutating func parseBareValue() throws(TOMLError) -> TOMLValue {
        let start = index
        readBareToken()
        guard index > start else { throw error(.expectedValue) }
        // `1979-05-27 07:32:00`: a space may separate a date from its time.
        if index - start == 10, peek() == " ", let hourEnd = peek(3), hourEnd == ":",
           peek(1).map(Self.isDigit) == true, peek(2).map(Self.isDigit) == true {
            index += 1
            readBareToken()
        }
        let token = String(String.UnicodeScalarView(scalars[start..<index]))
        return try TOMLScalarSyntax.value(of: token, at: position(of: start))
    }

    private mutating func readBareToken() {
        while let scalar = peek(), !Self.isValueDelimiter(scalar) { index += 1 }
    }

    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        index += 1
        var elements: [TOMLValue] = []
        while true {
            try skipBlankLinesAndComments()
            if peek() == "]" { index += 1; return .array(elements) }
            if peek() == nil { throw error(.expectedArraySeparator(found: "end of file")) }
            elements.append(try parseValue())
            try skipBlankLinesAndComments()
            switch peek() {
            case ",": index += 1
            case "]": index += 1; return .array(elements)
            case let other: throw error(.expectedArraySeparator(found: describe(other)))
            }
        }
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLValue {
        let node = TOMLTableNode(origin: .inline, definedAt: position(of: index))
        index += 1
        skipSpaces()
        if peek() == "}" { index += 1; return .table(node.freeze()) }
        while true {
            let (key, value) = try parseKeyValue()
            try node.assign(key, value)
            skipSpaces()
            switch peek() {
            case ",":
                index += 1
                skipSpaces()
                if peek() == "}" { throw error(.trailingCommaInInlineTable) }
            case "}":
                index += 1
                return .table(node.freeze())
            case let other:
                throw error(.expectedInlineTableSeparator(found: describe(other)))
            }
        }
    }

    // MARK: - Whitespace and comments

    mutating func skipSpaces() {
        while let scalar = peek(), scalar == " " || scalar == "\t" { index += 1 }
    }

    /// Skips `#` through the end of the line (not the line break itself).
    private mutating func skipComment() throws(TOMLError) {
        index += 1
        while let scalar = peek(), scalar != "\n" {
            if scalar == "\r", peek(1) == "\n" { return }
            if Self.isForbiddenControl(scalar) { throw error(.controlCharacter(scalar.value)) }
            index += 1
        }
    }

    /// Inside arrays: spaces, line breaks and comments.
    private mutating func skipBlankLinesAndComments() throws(TOMLError) {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t", "\n": index += 1
            case "\r" where peek(1) == "\n": index += 2
            case "#": try skipComment()
            default: return
            }
        }
    }

    // MARK: - Helpers

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let target = index + offset
        return target < scalars.count ? scalars[target] : nil
    }

    func startsWith(_ text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    func position(of scalarIndex: Int) -> TOMLPosition {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= scalarIndex { low = middle } else { high = middle - 1 }
        }
        return TOMLPosition(line: low + 1, column: scalarIndex - lineStarts[low] + 1)
    }

    /// An error at the current position (or at `scalarIndex`).
    func error(_ kind: TOMLError.Kind, at scalarIndex: Int? = nil) -> TOMLError {
        TOMLError(kind, at: position(of: scalarIndex ?? index))
    }

    func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "end of file" }
        if scalar == "\n" || scalar == "\r" { return "end of line" }
        if scalar.value < 0x20 || scalar.value == 0x7F { return "U+" + String(format: "%04X", scalar.value) }
        return "'\(scalar)'"
    }

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Control characters TOML allows nowhere except as escapes (tab is allowed).
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    private static func isValueDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", ",", "]", "}", "#": return true
        default: return false
        }
    }
}
