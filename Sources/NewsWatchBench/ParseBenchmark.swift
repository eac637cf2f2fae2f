/// The parse stage's benchmark (see bench/parse.sh).
func parseBenchmark(_ arguments: [String]) async throws {
    print("parse benchmark: not written yet")
}
