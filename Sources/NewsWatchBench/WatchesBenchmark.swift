/// The watches stage's benchmark (see bench/watches.sh).
func watchesBenchmark(_ arguments: [String]) async throws {
    print("watches benchmark: not written yet")
}
