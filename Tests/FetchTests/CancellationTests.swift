import Foundation
import Testing
import TestSupport
@testable import Fetch

@Suite("Cancelling fetches")
struct CancellationTests {
    @Test func cancellingTheTaskStopsTheTransfer() async throws {
        let url = try server().baseURL + "/silent"
        let fetcher = Fetcher(options: quickOptions { $0.timeout = 30; $0.lowSpeedSeconds = 0 })
        let started = ContinuousClock.now
        let task = Task { await fetcher.fetch(FetchRequest(url: url)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let response = await task.value
        #expect(response.error == .transport(url: url, message: "was cancelled before it finished"))
        // Well under the 30 s transfer timeout, with room for a loaded machine running the suite in parallel.
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func leavingTheStreamEarlyAbandonsTheRest() async throws {
        let base = try server().baseURL
        let group = "abandon-\(UUID().uuidString)"
        // Each answer takes a second, so the consumer has that long to leave before a third request could go out.
        let requests = (0..<6).map { FetchRequest(url: base + "/slow/\(group)/x/\($0)?ms=1000") }
        let fetcher = Fetcher(options: quickOptions { $0.concurrency = 1 })
        var received = 0
        for await (_, response) in fetcher.responses(for: requests) {
            #expect(response.status == 200)
            received += 1
            break
        }
        #expect(received == 1)
        try await Task.sleep(for: .milliseconds(2500))
        // The first answered, the second may have been on the wire when the stream ended; the rest never went out.
        #expect(try await stats(group).total <= 2)
    }

    @Test func aCancelledFetchAllReturnsEveryRequest() async throws {
        let base = try server().baseURL
        let requests = (0..<4).map { FetchRequest(url: base + "/slow/cancel-all/x/\($0)?ms=2000") }
        let fetcher = Fetcher(options: quickOptions { $0.concurrency = 2 })
        let task = Task { await fetcher.fetchAll(requests) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let responses = await task.value
        #expect(responses.map(\.request) == requests)
        #expect(responses.allSatisfy { $0.error == .transport(url: $0.request.url, message: "was cancelled before it finished") })
    }
}
