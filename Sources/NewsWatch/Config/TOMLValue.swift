import Foundation

/// A place in a TOML document: 1-based line and 1-based column (counted in Unicode scalars).
public struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// One TOML value. Dates and times are kept as the text written (validated, not converted).
public enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// An offset date-time, local date-time, local date or local time, as written.
    case dateTime(String)
    /// A static array or an array of tables (whose elements are `.table`).
    case array([TOMLValue])
    case table(TOMLTable)

    /// The TOML name of the value's type, for error messages (`an integer`, `a string`).
    public var typeDescription: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .dateTime: return "a date-time"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A TOML table: its keys in document order, their values, and where each key was written.
public struct TOMLTable: Sendable, Hashable {
    /// Keys in the order they were first defined.
    public private(set) var keys: [String] = []
    public private(set) var values: [String: TOMLValue] = [:]
    /// Where each key was written (for tables opened by a header, where the header is).
    public private(set) var positions: [String: TOMLPosition] = [:]
    /// Where this table was defined: its header, its inline `{`, or nil for the document root.
    public var definedAt: TOMLPosition?

    public init(definedAt: TOMLPosition? = nil) { self.definedAt = definedAt }

    public subscript(key: String) -> TOMLValue? { values[key] }

    public var isEmpty: Bool { keys.isEmpty }

    /// Adds or replaces a key; a new key goes last in `keys`.
    public mutating func set(_ key: String, _ value: TOMLValue, at position: TOMLPosition?) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
        if let position { positions[key] = position }
    }
}
