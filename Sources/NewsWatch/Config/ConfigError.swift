import Foundation

/// Why a config file could not be used. Each renders as one line naming the file and, where
/// known, the line and column: `config.toml:7:1: unknown key 'concurency' in [fetch]`.
public enum ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file does not exist and one was required.
    case missing(path: String)
    case unreadable(path: String, reason: String)
    /// The file is not valid TOML (the error carries the file, line and column).
    case syntax(TOMLError)
    /// A key the config does not know, usually a typo. `table` reads like `[fetch]`, `[[watch]] #2` or `the top level`.
    case unknownKey(path: String, key: String, table: String, at: TOMLPosition?)
    /// A `[section]` the config does not know.
    case unknownTable(path: String, name: String, at: TOMLPosition?)
    case missingKey(path: String, key: String, table: String, at: TOMLPosition?)
    case wrongType(path: String, key: String, table: String, expected: String, found: String, at: TOMLPosition?)
    /// The right type but an unusable value (a negative concurrency, a malformed duration, an invalid query...).
    case invalidValue(path: String, key: String, table: String, reason: String, at: TOMLPosition?)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): config file not found"
        case .unreadable(let path, let reason):
            return "\(path): cannot read config file: \(reason)"
        case .syntax(let error):
            return error.description
        case .unknownKey(let path, let key, let table, let position):
            return "\(Self.locate(path, position)): unknown key '\(key)' in \(table)"
        case .unknownTable(let path, let name, let position):
            return "\(Self.locate(path, position)): unknown table [\(name)]"
        case .missingKey(let path, let key, let table, let position):
            return "\(Self.locate(path, position)): missing key '\(key)' in \(table)"
        case .wrongType(let path, let key, let table, let expected, let found, let position):
            return "\(Self.locate(path, position)): '\(key)' in \(table) must be \(expected), not \(found)"
        case .invalidValue(let path, let key, let table, let reason, let position):
            return "\(Self.locate(path, position)): invalid '\(key)' in \(table): \(reason)"
        }
    }

    private static func locate(_ path: String, _ position: TOMLPosition?) -> String {
        guard let position else { return path }
        return "\(path):\(position.line):\(position.column)"
    }
}
