import Foundation

/// A TOML document that does not parse, with the line and column of the problem.
/// Its description reads like a compiler's: `config.toml:7:12: expected '=' after key`.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        case invalidUTF8
        case expectedKey
        case expectedEquals
        case expectedValue
        /// Something other than a comment or a line break after a key/value pair or a table header.
        case expectedEndOfLine(found: String)
        case expectedTableHeaderClose(arrayOfTables: Bool)
        case expectedArraySeparator(found: String)
        case expectedInlineTableSeparator(found: String)
        case trailingCommaInInlineTable
        case unterminatedString
        case invalidEscape(String)
        case invalidUnicodeScalar(String)
        case tooManyQuotes
        case controlCharacter(UInt32)
        case invalidNumber(String)
        case integerOverflow(String)
        case invalidDateTime(String)
        /// A bare word where a value belongs (`yes`, an unquoted string).
        case invalidValue(String)
        case duplicateKey(String)
        case duplicateTable(String)
        /// A key used both as a value and as a table, or a table extended where TOML forbids it.
        case cannotExtend(key: String, reason: String)
    }

    public var kind: Kind
    public var line: Int
    public var column: Int
    /// The file name shown before the position, when known.
    public var file: String?

    public init(_ kind: Kind, at position: TOMLPosition, file: String? = nil) {
        self.kind = kind; self.line = position.line; self.column = position.column; self.file = file
    }

    public var position: TOMLPosition { TOMLPosition(line: line, column: column) }

    /// The message without file and position.
    public var message: String {
        switch kind {
        case .invalidUTF8: return "the text is not valid UTF-8"
        case .expectedKey: return "expected a key"
        case .expectedEquals: return "expected '=' after key"
        case .expectedValue: return "expected a value"
        case .expectedEndOfLine(let found): return "expected the end of the line, found \(found)"
        case .expectedTableHeaderClose(let double): return double ? "expected ']]' to close the array-of-tables header" : "expected ']' to close the table header"
        case .expectedArraySeparator(let found): return "expected ',' or ']' in array, found \(found)"
        case .expectedInlineTableSeparator(let found): return "expected ',' or '}' in inline table (which must fit on one line), found \(found)"
        case .trailingCommaInInlineTable: return "trailing comma is not allowed in an inline table"
        case .unterminatedString: return "unterminated string"
        case .invalidEscape(let escape): return "invalid escape sequence '\(escape)'"
        case .invalidUnicodeScalar(let escape): return "'\(escape)' is not a Unicode scalar value"
        case .tooManyQuotes: return "too many quotes at the end of a multi-line string"
        case .controlCharacter(let code): return "control character U+\(String(format: "%04X", code)) is not allowed here"
        case .invalidNumber(let text): return "invalid number '\(text)'"
        case .integerOverflow(let text): return "integer '\(text)' does not fit in 64 bits"
        case .invalidDateTime(let text): return "invalid date or time '\(text)'"
        case .invalidValue(let text): return "invalid value '\(text)' (strings need quotes)"
        case .duplicateKey(let key): return "duplicate key '\(key)'"
        case .duplicateTable(let name): return "table [\(name)] is defined twice"
        case .cannotExtend(let key, let reason): return "cannot define '\(key)': \(reason)"
        }
    }

    public var description: String { "\(file ?? "<toml>"):\(line):\(column): \(message)" }
}
