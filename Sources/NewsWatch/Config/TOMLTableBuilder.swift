import Foundation

/// A key as written: its segments (`a.b."c d"` has three) and where each segment starts.
struct TOMLKeyPath {
    var segments: [(name: String, position: TOMLPosition)]

    /// The key as a reader would write it, quoting segments that are not bare.
    var displayName: String { Self.display(segments.map(\.name)) }

    static func display<S: Sequence<String>>(_ names: S) -> String {
        names.map { name in
            let bare = !name.isEmpty && name.unicodeScalars.allSatisfy(TOMLParser.isBareKeyScalar)
            return bare ? name : "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ".")
    }
}

/// The mutable table tree built while parsing, which enforces TOML's rules on defining tables:
/// a table is defined once, inline tables and static arrays are closed, and tables made by
/// dotted keys cannot be reopened by a header.
final class TOMLTableNode {
    /// How a table came to exist, which decides what may extend it later.
    enum Origin {
        case root
        /// Created as the parent of a header (`a` in `[a.b]`); a later `[a]` may still define it.
        case implicit
        /// Defined by its own `[header]` or `[[header]]`.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`).
        case dotted
        /// Built by an inline table `{ ... }`; closed once its brace closes.
        case inline
    }

    enum Entry {
        case value(TOMLValue)
        case table(TOMLTableNode)
        case arrayOfTables(TableArray)
    }

    /// The elements of a `[[header]]` array, shared so that appending does not copy it.
    final class TableArray {
        var elements: [TOMLTableNode]
        init(_ first: TOMLTableNode) { elements = [first] }
    }

    var origin: Origin
    /// Where the table was defined (for an implicit table, where it was first named).
    var definedAt: TOMLPosition?
    private(set) var keys: [String] = []
    private(set) var entries: [String: Entry] = [:]
    private(set) var positions: [String: TOMLPosition] = [:]

    init(origin: Origin, definedAt: TOMLPosition?) { self.origin = origin; self.definedAt = definedAt }

    private func put(_ key: String, _ entry: Entry, at position: TOMLPosition) {
        if entries.updateValue(entry, forKey: key) == nil { keys.append(key); positions[key] = position }
    }

    /// Opens the table named by a `[header]` (or appends a new element for `[[header]]`) and returns it.
    func defineTable(_ path: TOMLKeyPath, arrayOfTables: Bool, at headerPosition: TOMLPosition) throws(TOMLError) -> TOMLTableNode {
        var node = self
        for (index, segment) in path.segments.enumerated() {
            let isLast = index == path.segments.count - 1
            let shown = TOMLKeyPath.display(path.segments[...index].map(\.name))
            switch node.entries[segment.name] {
            case nil:
                if isLast, arrayOfTables {
                    let element = TOMLTableNode(origin: .header, definedAt: headerPosition)
                    node.put(segment.name, .arrayOfTables(TableArray(element)), at: headerPosition)
                    return element
                }
                let child = TOMLTableNode(origin: isLast ? .header : .implicit, definedAt: headerPosition)
                node.put(segment.name, .table(child), at: isLast ? headerPosition : segment.position)
                node = child
            case .table(let child):
                if isLast {
                    if arrayOfTables {
                        throw TOMLError(.cannotExtend(key: shown, reason: "it is already a table, not an array of tables"), at: segment.position)
                    }
                    switch child.origin {
                    case .implicit:
                        child.origin = .header
                        child.definedAt = headerPosition
                        node.positions[segment.name] = headerPosition
                        return child
                    case .dotted:
                        throw TOMLError(.cannotExtend(key: shown, reason: "it was already defined by dotted keys"), at: segment.position)
                    default:
                        throw TOMLError(.duplicateTable(shown), at: segment.position)
                    }
                }
                node = child
            case .arrayOfTables(let array):
                if isLast {
                    guard arrayOfTables else {
                        throw TOMLError(.cannotExtend(key: shown, reason: "it is an array of tables; write [[\(shown)]] to add an element"), at: segment.position)
                    }
                    let element = TOMLTableNode(origin: .header, definedAt: headerPosition)
                    array.elements.append(element)
                    return element
                }
                node = array.elements[array.elements.count - 1]
            case .value(let value):
                throw Self.closedValueError(value, key: shown, at: segment.position)
            }
        }
        return node
    }

    /// Stores `key = value` in this table, creating the tables its dotted segments name.
    func assign(_ path: TOMLKeyPath, _ value: TOMLValue) throws(TOMLError) {
        var node = self
        for (index, segment) in path.segments.enumerated() {
            let isLast = index == path.segments.count - 1
            let shown = TOMLKeyPath.display(path.segments[...index].map(\.name))
            switch node.entries[segment.name] {
            case nil:
                if isLast {
                    node.put(segment.name, .value(value), at: path.segments[0].position)
                    return
                }
                let child = TOMLTableNode(origin: .dotted, definedAt: segment.position)
                node.put(segment.name, .table(child), at: segment.position)
                node = child
            case .table(let child):
                if isLast { throw TOMLError(.duplicateKey(path.displayName), at: path.segments[0].position) }
                guard child.origin == .dotted else {
                    throw TOMLError(.cannotExtend(key: shown, reason: "it is a table defined by a header, not by dotted keys"), at: segment.position)
                }
                node = child
            case .arrayOfTables:
                if isLast { throw TOMLError(.duplicateKey(path.displayName), at: path.segments[0].position) }
                throw TOMLError(.cannotExtend(key: shown, reason: "it is an array of tables"), at: segment.position)
            case .value(let existing):
                if isLast { throw TOMLError(.duplicateKey(path.displayName), at: path.segments[0].position) }
                throw Self.closedValueError(existing, key: shown, at: segment.position)
            }
        }
    }

    private static func closedValueError(_ value: TOMLValue, key: String, at position: TOMLPosition) -> TOMLError {
        switch value {
        case .table: return TOMLError(.cannotExtend(key: key, reason: "it is an inline table, which is closed once written"), at: position)
        case .array: return TOMLError(.cannotExtend(key: key, reason: "it is a static array, not an array of tables"), at: position)
        default: return TOMLError(.cannotExtend(key: key, reason: "it already holds \(value.typeDescription)"), at: position)
        }
    }

    /// The finished, immutable table.
    func freeze() -> TOMLTable {
        var table = TOMLTable(definedAt: definedAt)
        for key in keys {
            let value: TOMLValue
            switch entries[key]! {
            case .value(let v): value = v
            case .table(let child): value = .table(child.freeze())
            case .arrayOfTables(let array): value = .array(array.elements.map { .table($0.freeze()) })
            }
            table.set(key, value, at: positions[key])
        }
        return table
    }
}
