import Foundation
import Testing
import Model
import TestSupport
@testable import Fetch

/// One fault-injecting HTTP server for every test in this target, started on first use.
let faultServer = Result { try TestServer.start(script: "fault_http_server.py") }

func server() throws -> TestServer { try faultServer.get() }

/// Short limits so fault scenarios finish in seconds.
func quickOptions(_ change: (inout FetchOptions) -> Void = { _ in }) -> FetchOptions {
    var options = FetchOptions()
    options.connectTimeout = 3
    options.timeout = 8
    options.lowSpeedSeconds = 4
    change(&options)
    return options
}

func fetch(_ url: String, etag: String? = nil, lastModified: String? = nil,
                   options: FetchOptions = quickOptions()) async -> FetchResponse {
    await Fetcher(options: options).fetch(FetchRequest(tag: 1, url: url, etag: etag, lastModified: lastModified))
}

/// What the pipeline does with a response: a success updates the schedule, anything else records the failure.
func feedState(_ feed: Feed, after response: FetchResponse, now: Date = Date()) -> Feed {
    if let error = response.error {
        return FeedSchedule.afterFailure(feed, response: response, reason: error.sentence, now: now)
    }
    return FeedSchedule.afterSuccess(feed, response: response, hints: FeedUpdateHints(), now: now)
}

struct ServerStats: Decodable { let max: Int; let total: Int }

func stats(_ group: String) async throws -> ServerStats {
    let response = await fetch(try server().baseURL + "/stats/" + group)
    return try JSONDecoder().decode(ServerStats.self, from: Data(response.body))
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

