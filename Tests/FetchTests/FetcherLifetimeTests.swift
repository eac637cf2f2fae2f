import Foundation
import Testing
import TestSupport
@testable import Fetch

@Suite("Fetcher lifetime")
struct FetcherLifetimeTests {
    private func threadExists(named name: String) -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.contains { task in
            let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return comm.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }

    @Test func theEngineThreadEndsWithItsFetcher() async throws {
        let url = try server().baseURL + "/feed"
        var fetcher: Fetcher? = Fetcher(options: quickOptions())
        let name = try #require(fetcher?.engineThreadName)
        #expect(await fetcher?.fetch(FetchRequest(url: url)).status == 200)
        #expect(threadExists(named: name))
        fetcher = nil
        for _ in 0..<50 where threadExists(named: name) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!threadExists(named: name))
    }
}
