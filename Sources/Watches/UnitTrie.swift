import Foundation

/// Every word and prefix of every watch in one byte trie over folded UTF-8. Tokens are already
/// cut at word boundaries, so each token is walked once from the root: the nodes it passes mark
/// the prefixes it starts with, the node it ends on the word it equals. This is Aho-Corasick
/// anchored at word starts, which needs no failure links.
struct UnitTrie: Sendable {
    private struct Node: Sendable {
        var firstEdge: Int32 = 0
        var edgeCount: Int32 = 0
        var exactUnit: Int32 = -1
        var prefixUnit: Int32 = -1
    }

    private let nodes: [Node]
    private let edgeLabels: [UInt8]
    private let edgeTargets: [Int32]
    /// Children of the root by first byte (0 = none: the root is never a child).
    private let rootChildren: [Int32]

    /// `units[i]` gets id `i`.
    init(units: [WatchQuery.Unit]) {
        var children: [[UInt8: Int32]] = [[:]]
        var exact: [Int32] = [-1]
        var prefix: [Int32] = [-1]
        for (id, unit) in units.enumerated() {
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
            if unit.isPrefix { prefix[node] = Int32(id) } else { exact[node] = Int32(id) }
        }
        var nodes: [Node] = []
        var labels: [UInt8] = []
        var targets: [Int32] = []
        nodes.reserveCapacity(children.count)
        for (index, edges) in children.enumerated() {
            let sorted = edges.sorted { $0.key < $1.key }
            nodes.append(Node(firstEdge: Int32(labels.count), edgeCount: Int32(sorted.count),
                              exactUnit: exact[index], prefixUnit: prefix[index]))
            labels += sorted.map(\.key)
            targets += sorted.map(\.value)
        }
        var root = [Int32](repeating: 0, count: 256)
        for (byte, child) in children[0] { root[Int(byte)] = child }
        self.nodes = nodes
        self.edgeLabels = labels
        self.edgeTargets = targets
        self.rootChildren = root
    }

    /// Calls `hit` with the id of every prefix `token` starts with, then of the word it equals.
    @inline(__always)
    func walk(_ token: UnsafeBufferPointer<UInt8>, _ hit: (Int32) -> Void) {
        guard let first = token.first else { return }
        var node = Int(rootChildren[Int(first)])
        guard node != 0 else { return }
        nodes.withUnsafeBufferPointer { nodes in
            edgeLabels.withUnsafeBufferPointer { labels in
                edgeTargets.withUnsafeBufferPointer { targets in
                    var i = 1
                    while true {
                        let current = nodes[node]
                        if current.prefixUnit >= 0 { hit(current.prefixUnit) }
                        if i == token.count {
                            if current.exactUnit >= 0 { hit(current.exactUnit) }
                            return
                        }
                        let byte = token[i]
                        var edge = Int(current.firstEdge)
                        let end = edge + Int(current.edgeCount)
                        while edge < end && labels[edge] < byte { edge += 1 }
                        guard edge < end && labels[edge] == byte else { return }
                        node = Int(targets[edge])
                        i += 1
                    }
                }
            }
        }
    }
}
