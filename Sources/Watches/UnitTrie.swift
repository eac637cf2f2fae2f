import Foundation

/// Units in a byte trie over folded UTF-8 (a phrase's words joined by single spaces). The document
/// is folded the same way and walked from the start of a word: the nodes passed mark the prefixes
/// and words or phrases found there. This is Aho-Corasick anchored at word starts, which needs no
/// failure links. `TermDictionary` uses it for the prefixes of single words.
final class UnitTrie: @unchecked Sendable {
    // Immutable after init; raw storage keeps the walk free of bounds and exclusivity checks.
    private struct Node: Sendable {
        var firstEdge: Int32 = 0
        var edgeCount: Int32 = 0
        var exactUnit: Int32 = -1
        var prefixUnit: Int32 = -1
        /// Index of the node's 256-entry child table when it has many children, else -1.
        var dense: Int32 = -1
    }

    /// Nodes with more children than this get a direct child table instead of a sorted edge list.
    private static let denseThreshold = 8

    private let nodes: UnsafeMutableBufferPointer<Node>
    private let edgeLabels: UnsafeMutableBufferPointer<UInt8>
    private let edgeTargets: UnsafeMutableBufferPointer<Int32>
    /// Children of the root by first byte (0 = none: the root is never a child).
    private let rootChildren: UnsafeMutableBufferPointer<Int32>
    /// 256 children per dense node, 0 = none.
    private let denseChildren: UnsafeMutableBufferPointer<Int32>

    /// Each unit with the id hits report for it.
    init(units: [(unit: WatchQuery.Unit, id: Int32)]) {
        var children: [[UInt8: Int32]] = [[:]]
        var exact: [Int32] = [-1]
        var prefix: [Int32] = [-1]
        for (unit, id) in units {
            var node = 0
            for byte in unit.text.utf8 {
                if let child = children[node][byte] {
                    node = Int(child)
                } else {
                    children.append([:]); exact.append(-1); prefix.append(-1)
                    children[node][byte] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            if unit.isPrefix { prefix[node] = id } else { exact[node] = id }
        }
        var nodes: [Node] = []
        var labels: [UInt8] = []
        var targets: [Int32] = []
        var dense: [Int32] = []
        nodes.reserveCapacity(children.count)
        for (index, edges) in children.enumerated() {
            let sorted = edges.sorted { $0.key < $1.key }
            var node = Node(firstEdge: Int32(labels.count), edgeCount: Int32(sorted.count),
                            exactUnit: exact[index], prefixUnit: prefix[index])
            if sorted.count > Self.denseThreshold {
                node.dense = Int32(dense.count / 256)
                var table = [Int32](repeating: 0, count: 256)
                for (byte, child) in sorted { table[Int(byte)] = child }
                dense += table
            }
            nodes.append(node)
            labels += sorted.map(\.key)
            targets += sorted.map(\.value)
        }
        var root = [Int32](repeating: 0, count: 256)
        for (byte, child) in children[0] { root[Int(byte)] = child }
        self.nodes = .copying(nodes)
        self.edgeLabels = .copying(labels)
        self.edgeTargets = .copying(targets)
        self.rootChildren = .copying(root)
        self.denseChildren = .copying(dense)
    }

    deinit {
        nodes.deallocate()
        edgeLabels.deallocate()
        edgeTargets.deallocate()
        rootChildren.deallocate()
        denseChildren.deallocate()
    }

    /// Walks `text` (folded words separated by single spaces) from the word starting at `start`,
    /// appending `unit << 32 | position` to `hits` for every prefix and every word or phrase found
    /// there. Words and phrases must end at a word boundary; prefixes need not.
    @inline(__always)
    func walk(_ text: UnsafeBufferPointer<UInt8>, from start: Int, position: UInt32, into hits: inout [UInt64]) {
        var node = Int(rootChildren[Int(text[start])])
        guard node != 0 else { return }
        var i = start + 1
        let count = text.count
        while true {
            let current = nodes[node]
            if current.prefixUnit >= 0 { hits.append(UInt64(current.prefixUnit) << 32 | UInt64(position)) }
            if current.exactUnit >= 0 && (i == count || text[i] == 0x20) {
                hits.append(UInt64(current.exactUnit) << 32 | UInt64(position))
            }
            guard i < count else { return }
            let byte = text[i]
            if current.dense >= 0 {
                node = Int(denseChildren[Int(current.dense) << 8 | Int(byte)])
                guard node != 0 else { return }
                i += 1
                continue
            }
            var edge = Int(current.firstEdge)
            let end = edge + Int(current.edgeCount)
            while edge < end && edgeLabels[edge] < byte { edge += 1 }
            guard edge < end && edgeLabels[edge] == byte else { return }
            node = Int(edgeTargets[edge])
            i += 1
        }
    }
}
