import Foundation

/// Finds every unit of every watch (word, prefix, phrase) in a folded document with about one hash
/// probe per word, however many watches there are: each document word is looked up once in a
/// table of all the watches' words, and phrases are followed through a trie over word ids that
/// is entered from the start of every word. Prefixes of single words are found by a small byte
/// trie; a phrase ending in a prefix checks that prefix against the word after its full words.
/// Immutable after init.
final class TermDictionary: @unchecked Sendable {
    private struct Node {
        /// Unit that ends here (a word, or a phrase of exact words), or -1.
        var exactUnit: Int32 = -1
        /// `prefixes[firstPrefix..<firstPrefix + prefixCount]`: phrases ending in a prefix of the next word.
        var firstPrefix: Int32 = 0
        var prefixCount: Int32 = 0
        /// Whether some phrase continues past this node (else no transition is looked up).
        var hasChildren = false
    }

    private struct PhrasePrefix {
        var unit: Int32
        var firstByte: Int32
        var length: Int32
    }

    let unitCount: Int
    private let words: WordTable
    /// Node `w + 1` is the root's child for word id `w`, so a word's id leads straight to its node.
    private let nodes: UnsafeMutableBufferPointer<Node>
    /// Non-root transitions: `node << 32 | word id` → child.
    private let transitions: IntegerTable
    private let prefixes: UnsafeMutableBufferPointer<PhrasePrefix>
    private let prefixBytes: UnsafeMutableBufferPointer<UInt8>
    /// Prefixes of single words, or nil when no watch has one.
    private let wordPrefixes: UnitTrie?

    /// Unit `i` of `units` is reported as `i`.
    init(units: [WatchQuery.Unit]) {
        unitCount = units.count
        var wordIDs: [String: Int32] = [:]
        func wordID(_ word: String) -> Int32 {
            if let id = wordIDs[word] { return id }
            wordIDs[word] = Int32(wordIDs.count)
            return Int32(wordIDs.count - 1)
        }
        // Split bytes, not characters: a space followed by a combining mark (Thai) is one character.
        let split = units.map { unit in
            var parts = unit.text.utf8.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
            let prefix = unit.isPrefix ? parts.removeLast() : nil
            return (parts: parts, prefix: prefix)
        }
        for (parts, _) in split { for part in parts { _ = wordID(part) } }
        var nodes = [Node](repeating: Node(), count: wordIDs.count + 1)
        var children: [UInt64: Int32] = [:]
        var nodePrefixes: [Int: [PhrasePrefix]] = [:]
        var prefixBytes: [UInt8] = []
        var singleWordPrefixes: [(unit: WatchQuery.Unit, id: Int32)] = []
        for (id, (parts, prefix)) in split.enumerated() {
            if parts.isEmpty {
                singleWordPrefixes.append((units[id], Int32(id)))
                continue
            }
            var node = Int(wordIDs[parts[0]]!) + 1
            for part in parts.dropFirst() {
                nodes[node].hasChildren = true
                let key = UInt64(node) << 32 | UInt64(wordIDs[part]!)
                if let child = children[key] {
                    node = Int(child)
                } else {
                    nodes.append(Node())
                    children[key] = Int32(nodes.count - 1)
                    node = nodes.count - 1
                }
            }
            if let prefix {
                nodePrefixes[node, default: []].append(PhrasePrefix(unit: Int32(id), firstByte: Int32(prefixBytes.count), length: Int32(prefix.utf8.count)))
                prefixBytes += prefix.utf8
            } else {
                nodes[node].exactUnit = Int32(id)
            }
        }
        var flatPrefixes: [PhrasePrefix] = []
        for (node, list) in nodePrefixes.sorted(by: { $0.key < $1.key }) {
            nodes[node].firstPrefix = Int32(flatPrefixes.count)
            nodes[node].prefixCount = Int32(list.count)
            flatPrefixes += list
        }
        self.words = WordTable(wordIDs)
        self.nodes = .copying(nodes)
        self.transitions = IntegerTable(children)
        self.prefixes = .copying(flatPrefixes)
        self.prefixBytes = .copying(prefixBytes)
        self.wordPrefixes = singleWordPrefixes.isEmpty ? nil : UnitTrie(units: singleWordPrefixes)
    }

    deinit {
        nodes.deallocate()
        prefixes.deallocate()
        prefixBytes.deallocate()
    }

    /// Appends `unit << 32 | position` to `hits` for every unit found in `text` (folded words each
    /// followed by one space, word `k` starting at `wordStarts[k]` and numbered `firstPosition + k`).
    func scan(_ text: UnsafeBufferPointer<UInt8>, wordStarts: UnsafeBufferPointer<Int32>, firstPosition: UInt32,
              wordIDs: inout [Int32], into hits: inout [UInt64]) {
        let count = wordStarts.count
        wordIDs.removeAll(keepingCapacity: true)
        for k in 0..<count {
            let start = Int(wordStarts[k])
            let end = (k + 1 < count ? Int(wordStarts[k + 1]) : text.count) - 1
            wordIDs.append(words.id(of: UnsafeBufferPointer(rebasing: text[start..<end])))
        }
        wordIDs.withUnsafeBufferPointer { ids in
            for k in 0..<count {
                let position = firstPosition + UInt32(k)
                wordPrefixes?.walk(text, from: Int(wordStarts[k]), position: position, into: &hits)
                let first = ids[k]
                guard first >= 0 else { continue }
                var node = Int(first) + 1
                var next = k + 1
                while node != 0 {
                    let current = nodes[node]
                    if current.exactUnit >= 0 { hits.append(UInt64(current.exactUnit) << 32 | UInt64(position)) }
                    if current.prefixCount > 0 && next < count {
                        let wordStart = Int(wordStarts[next])
                        let wordLength = (next + 1 < count ? Int(wordStarts[next + 1]) : text.count) - 1 - wordStart
                        for p in Int(current.firstPrefix)..<Int(current.firstPrefix + current.prefixCount) {
                            let prefix = prefixes[p]
                            if Int(prefix.length) <= wordLength
                                && memcmp(prefixBytes.baseAddress! + Int(prefix.firstByte), text.baseAddress! + wordStart, Int(prefix.length)) == 0 {
                                hits.append(UInt64(prefix.unit) << 32 | UInt64(position))
                            }
                        }
                    }
                    guard current.hasChildren, next < count, ids[next] >= 0 else { break }
                    node = Int(transitions.value(for: UInt64(node) << 32 | UInt64(ids[next])))
                    next += 1
                }
            }
        }
    }
}
