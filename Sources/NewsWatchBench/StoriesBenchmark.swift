/// The stories stage's benchmark (see bench/stories.sh).
func storiesBenchmark(_ arguments: [String]) async throws {
    print("stories benchmark: not written yet")
}
