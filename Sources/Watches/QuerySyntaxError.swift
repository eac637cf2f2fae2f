import Foundation

/// A query that does not parse, with the position (1-based, in characters) where the problem is.
public struct QuerySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var query: String
    /// 1-based character position; `query.count + 1` means "at the end of the query".
    public var position: Int
    public var message: String
    public init(query: String, position: Int, message: String) { self.query = query; self.position = position; self.message = message }
    public var description: String { "invalid query at position \(position): \(message)" }

    /// The description, then the query and a caret under the position, for a terminal:
    ///
    ///     invalid query at position 7: NEAR needs a distance from 1 to 100, as in NEAR/5
    ///       a NEAR/x b
    ///              ^
    /// Characters of East Asian scripts count as two columns so the caret lines up in a terminal.
    public func pointingAtPosition(indent: String = "  ") -> String {
        let shown = query.map { $0.isNewline || $0 == "\t" ? " " : $0 }
        let column = shown.prefix(max(0, position - 1)).reduce(0) { $0 + Self.columns($1) }
        return "\(description)\n\(indent)\(String(shown))\n\(indent)\(String(repeating: " ", count: column))^"
    }

    private static func columns(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 1 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
