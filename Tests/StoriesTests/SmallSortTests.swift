import Testing
import TestSupport
@testable import Stories

@Test(arguments: [0, 1, 2, 3, 16, 17, 18, 40, 100, 1_000, 10_000])
func integerSortAgreesWithTheStandardSort(count: Int) {
    var generator = SeededGenerator(seed: UInt64(count) &+ 1)
    let shapes: [[UInt64]] = [
        (0..<count).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) },
        (0..<count).map { _ in UInt64.random(in: 0...3, using: &generator) },     // many repeats
        (0..<count).map { UInt64($0) },                                           // sorted
        (0..<count).map { UInt64(count - $0) },                                   // reversed
        (0..<count).map { UInt64($0 % 2 == 0 ? $0 : count - $0) },                // organ pipe
    ]
    for values in shapes {
        var sorted = values
        sorted.sortIntegers()
        #expect(sorted == values.sorted())
    }
    var terms = (0..<count).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) }
    let expected = terms.sorted()
    terms.sortIntegers()
    #expect(terms == expected)
}
