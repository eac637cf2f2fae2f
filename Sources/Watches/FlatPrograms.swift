import Foundation

/// Every watch's program laid out in flat, reference-free storage, so evaluating thousands of
/// candidate watches per document costs no reference counting. Immutable after init.
final class FlatPrograms: @unchecked Sendable {
    private struct Instruction {
        enum Operation: UInt8 { case term, source, not, and, or, near }
        var operation: Operation
        /// Instructions in this subtree, itself included: children follow their parent in order.
        var size: Int32
        /// term or source id; child count of and/or; index in `nears` of near.
        var argument: Int32
        /// term: its only unit when the term is one unit anywhere in the document (the common
        /// case, answered from the hit bitset alone), else -1.
        var simpleUnit: Int32 = -1
    }

    /// The left alternatives of a NEAR are `nearTerms[first..<middle]`, the right ones up to `last`.
    private struct NearInfo {
        var first: Int32, middle: Int32, last: Int32
        var distance: UInt32
    }

    private struct TermInfo {
        var firstUnit: Int32
        var unitCount: Int32
        var length: UInt32
        var titleOnly: Bool
    }

    private let instructions: UnsafeMutableBufferPointer<Instruction>
    private let roots: UnsafeMutableBufferPointer<Int32>
    private let terms: UnsafeMutableBufferPointer<TermInfo>
    private let termUnits: UnsafeMutableBufferPointer<Int32>
    private let nearTerms: UnsafeMutableBufferPointer<Int32>
    private let nears: UnsafeMutableBufferPointer<NearInfo>

    init(programs: [WatchProgram], terms compiledTerms: [CompiledTerm]) {
        var instructions: [Instruction] = []
        var nearTerms: [Int32] = []
        var nears: [NearInfo] = []
        func emit(_ program: WatchProgram) {
            let index = instructions.count
            switch program {
            case .term(let term):
                let compiled = compiledTerms[Int(term)]
                let simple = compiled.units.count == 1 && !compiled.titleOnly ? compiled.units[0] : -1
                instructions.append(Instruction(operation: .term, size: 1, argument: term, simpleUnit: simple))
            case .source(let source): instructions.append(Instruction(operation: .source, size: 1, argument: source))
            case .not(let inner):
                instructions.append(Instruction(operation: .not, size: 0, argument: 1))
                emit(inner)
            case .and(let parts), .or(let parts):
                let operation: Instruction.Operation = if case .and = program { .and } else { .or }
                instructions.append(Instruction(operation: operation, size: 0, argument: Int32(parts.count)))
                parts.forEach(emit)
            case .near(let left, let right, let distance):
                let first = Int32(nearTerms.count)
                nearTerms += left
                let middle = Int32(nearTerms.count)
                nearTerms += right
                nears.append(NearInfo(first: first, middle: middle, last: Int32(nearTerms.count), distance: distance))
                instructions.append(Instruction(operation: .near, size: 1, argument: Int32(nears.count - 1)))
            }
            instructions[index].size = Int32(instructions.count - index)
        }
        var roots: [Int32] = []
        for program in programs {
            roots.append(Int32(instructions.count))
            emit(program)
        }
        var units: [Int32] = []
        var terms: [TermInfo] = []
        for term in compiledTerms {
            terms.append(TermInfo(firstUnit: Int32(units.count), unitCount: Int32(term.units.count), length: term.length, titleOnly: term.titleOnly))
            units += term.units
        }
        self.instructions = .copying(instructions)
        self.roots = .copying(roots)
        self.terms = .copying(terms)
        self.termUnits = .copying(units)
        self.nearTerms = .copying(nearTerms)
        self.nears = .copying(nears)
    }

    deinit {
        instructions.deallocate()
        roots.deallocate()
        terms.deallocate()
        termUnits.deallocate()
        nearTerms.deallocate()
        nears.deallocate()
    }

    /// Whether watch `watch` matches the document behind `hits`.
    func evaluate(watch: Int, _ hits: DocumentHits, _ sourceMatched: [Bool]) -> Bool {
        evaluate(at: Int(roots[watch]), hits, sourceMatched)
    }

    private func evaluate(at index: Int, _ hits: DocumentHits, _ sourceMatched: [Bool]) -> Bool {
        let instruction = instructions[index]
        switch instruction.operation {
        case .term:
            if instruction.simpleUnit >= 0 { return hits.occursAnywhere(instruction.simpleUnit) }
            return occurs(Int(instruction.argument), hits)
        case .source:
            return sourceMatched[Int(instruction.argument)]
        case .not:
            return !evaluate(at: index + 1, hits, sourceMatched)
        case .and, .or:
            let wanted = instruction.operation == .or
            var child = index + 1
            for _ in 0..<instruction.argument {
                if evaluate(at: child, hits, sourceMatched) == wanted { return wanted }
                child += Int(instructions[child].size)
            }
            return !wanted
        case .near:
            return near(nears[Int(instruction.argument)], hits)
        }
    }

    @inline(__always)
    private func units(of term: TermInfo) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(rebasing: termUnits[Int(term.firstUnit)..<Int(term.firstUnit + term.unitCount)])
    }

    @inline(__always)
    private func occurs(_ termID: Int, _ hits: DocumentHits) -> Bool {
        let term = terms[termID]
        if term.unitCount == 1 && !term.titleOnly {
            return hits.occursAnywhere(termUnits[Int(term.firstUnit)])
        }
        let units = units(of: term)
        for unit in units where !hits.occursAnywhere(unit) { return false }
        if units.count == 1 && !term.titleOnly { return true }
        var found = false
        hits.forEachOccurrence(units: units, length: term.length, titleOnly: term.titleOnly) { _ in found = true; return false }
        return found
    }

    /// Whether some alternative of the side may occur: all of its units are present somewhere.
    private func mayOccur(_ termIDs: UnsafeMutableBufferPointer<Int32>.SubSequence, _ hits: DocumentHits) -> Bool {
        termIDs.contains { termID in
            let term = terms[Int(termID)]
            return units(of: term).allSatisfy { hits.occursAnywhere($0) }
        }
    }

    /// Some occurrence of a left alternative and a distinct one of a right alternative lie within
    /// the distance: from the last word of the earlier to the first word of the later.
    private func near(_ near: NearInfo, _ hits: DocumentHits) -> Bool {
        let left = nearTerms[Int(near.first)..<Int(near.middle)]
        let right = nearTerms[Int(near.middle)..<Int(near.last)]
        guard mayOccur(left, hits) && mayOccur(right, hits) else { return false }
        let distance = near.distance
        var found = false
        for leftID in left {
            let l = terms[Int(leftID)]
            hits.forEachOccurrence(units: units(of: l), length: l.length, titleOnly: l.titleOnly) { a in
                for rightID in right {
                    let r = terms[Int(rightID)]
                    hits.forEachOccurrence(units: units(of: r), length: r.length, titleOnly: r.titleOnly) { b in
                        if (a.end < b.start && b.start - a.end <= distance) || (b.end < a.start && a.start - b.end <= distance) {
                            found = true
                        }
                        return !found
                    }
                    if found { return false }
                }
                return true
            }
            if found { return true }
        }
        return false
    }
}
