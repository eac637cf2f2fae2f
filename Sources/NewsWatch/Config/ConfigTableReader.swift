import Foundation
import Model

/// Reads the keys of one config table with type checks, remembering which keys were read so
/// that any key left over can be reported as unknown. A new config knob is one more read.
struct ConfigTableReader {
    let table: TOMLTable
    /// How messages name the table: `[fetch]`, `[[watch]] #2`, `the top level`.
    let name: String
    let path: String
    private var readKeys: Set<String> = []

    init(_ table: TOMLTable, name: String, path: String) {
        self.table = table; self.name = name; self.path = path
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        switch take(key) {
        case nil: return nil
        case .string(let text): return text
        case let other?: throw wrongType(key, expected: "a string", found: other)
        }
    }

    mutating func integer(_ key: String) throws(ConfigError) -> Int? {
        switch take(key) {
        case nil: return nil
        case .integer(let number): return Int(number)
        case let other?: throw wrongType(key, expected: "an integer", found: other)
        }
    }

    mutating func boolean(_ key: String) throws(ConfigError) -> Bool? {
        switch take(key) {
        case nil: return nil
        case .boolean(let flag): return flag
        case let other?: throw wrongType(key, expected: "true or false", found: other)
        }
    }

    /// A duration written as a string (`"10m"`, `"12h"`, `"3d"`) or as a number of seconds.
    mutating func timeSpan(_ key: String) throws(ConfigError) -> TimeSpan? {
        switch take(key) {
        case nil: return nil
        case .integer(let seconds) where seconds >= 0: return TimeSpan(seconds: TimeInterval(seconds))
        case .float(let seconds) where seconds >= 0 && seconds.isFinite: return TimeSpan(seconds: seconds)
        case .integer, .float: throw invalid(key, "a duration cannot be negative")
        case .string(let text):
            guard let span = TimeSpan(text) else {
                throw invalid(key, "'\(text)' is not a duration (write it like \"30s\", \"10m\", \"12h\", \"3d\")")
            }
            return span
        case let other?: throw wrongType(key, expected: "a duration like \"10m\" or a number of seconds", found: other)
        }
    }

    mutating func strings(_ key: String) throws(ConfigError) -> [String]? {
        switch take(key) {
        case nil: return nil
        case .array(let elements):
            var texts: [String] = []
            for element in elements {
                guard case .string(let text) = element else {
                    throw wrongType(key, expected: "an array of strings", found: element, describingElement: true)
                }
                texts.append(text)
            }
            return texts
        case let other?: throw wrongType(key, expected: "an array of strings", found: other)
        }
    }

    mutating func integers(_ key: String) throws(ConfigError) -> [Int]? {
        switch take(key) {
        case nil: return nil
        case .array(let elements):
            var numbers: [Int] = []
            for element in elements {
                guard case .integer(let number) = element else {
                    throw wrongType(key, expected: "an array of integers", found: element, describingElement: true)
                }
                numbers.append(Int(number))
            }
            return numbers
        case let other?: throw wrongType(key, expected: "an array of integers", found: other)
        }
    }

    /// Every key no read has asked for yet, which must all hold numbers (a section of free-form numeric knobs).
    mutating func remainingNumbers() throws(ConfigError) -> [(key: String, value: Double, position: TOMLPosition?)] {
        var numbers: [(key: String, value: Double, position: TOMLPosition?)] = []
        for key in table.keys where !readKeys.contains(key) {
            let value: Double
            switch take(key) {
            case .integer(let n)?: value = Double(n)
            case .float(let x)? where x.isFinite: value = x
            case let other?: throw wrongType(key, expected: "a number", found: other)
            case nil: continue
            }
            numbers.append((key, value, table.positions[key]))
        }
        return numbers
    }

    /// The error for a required key that is absent, located at the table's header.
    func missing(_ key: String) -> ConfigError {
        .missingKey(path: path, key: key, table: name, at: table.definedAt)
    }

    /// Fails on the first key (in document order) that no read asked for.
    func rejectUnknownKeys() throws(ConfigError) {
        for key in table.keys where !readKeys.contains(key) {
            throw ConfigError.unknownKey(path: path, key: key, table: name, at: table.positions[key])
        }
    }

    /// An error about `key`'s value, located where the key was written.
    func invalid(_ key: String, _ reason: String) -> ConfigError {
        .invalidValue(path: path, key: key, table: name, reason: reason, at: table.positions[key] ?? table.definedAt)
    }

    private mutating func take(_ key: String) -> TOMLValue? {
        readKeys.insert(key)
        return table[key]
    }

    private func wrongType(_ key: String, expected: String, found: TOMLValue, describingElement: Bool = false) -> ConfigError {
        .wrongType(path: path, key: key, table: name, expected: expected,
                   found: describingElement ? "an array holding \(found.typeDescription)" : found.typeDescription,
                   at: table.positions[key])
    }
}
