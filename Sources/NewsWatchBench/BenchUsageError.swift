/// A benchmark stage called with arguments it cannot use; main.swift prints it after the stage's name.
struct BenchUsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
