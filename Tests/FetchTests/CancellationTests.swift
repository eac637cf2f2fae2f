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
        // Twenty seconds' worth of requests one at a time, so that a consumer held up on a loaded machine (the whole
        // suite runs in parallel on two cores) still leaves before the last one goes out.
        let requests = (0..<10).map { FetchRequest(url: base + "/slow/\(group)/x/\($0)?ms=2000") }
        let fetcher = Fetcher(options: quickOptions { $0.concurrency = 1 })
        var received = 0
        for await (_, response) in fetcher.responses(for: requests) {
            #expect(response.status == 200)
            received += 1
            break
        }
        #expect(received == 1)
        // Counted from the moment the consumer left (however late a loaded machine let it run): the request on
        // the wire then may finish, and nothing after it goes out.
        let atLeaving = try await stats(group).total
        try await Task.sleep(for: .milliseconds(4500))
        let total = try await stats(group).total
        #expect(atLeaving < requests.count, "the consumer left before every request had gone out")
        #expect(total <= atLeaving + 1)
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
