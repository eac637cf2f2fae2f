import Foundation
@testable import Mail
import Testing

@Suite("Webhook POSTs against a local HTTP server")
struct WebhookTests {
    let payload: WebhookPayload = {
        var unlinked = MailFixtures.story(8, title: "Strike ends", outlets: 21, coverageStep: 20)
        unlinked.link = nil
        return WebhookPayload(watch: "Climate", summaries: [MailFixtures.story(7, title: "Floods \"hit\" the north <b>", outlets: 4), unlinked])
    }()
    /// Fast retries keep the tests short.
    let sender = WebhookSender(attempts: 3, timeout: 5, retryDelay: 0.05)

    @Test func postsTheWatchsStoriesAsJSON() throws {
        let server = try WebhookTestServer(directory: MailFixtures.directory("hook-ok"))
        try sender.post(url: server.url, payload: payload)
        let bodies = try server.deliveredBodies()
        try #require(bodies.count == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: bodies[0]) as? [String: Any])
        #expect(json["watch"] as? String == "Climate")
        let stories = try #require(json["stories"] as? [[String: Any]])
        #expect(stories.count == 2)
        #expect(stories[0]["story"] as? Int == 7)
        #expect(stories[0]["title"] as? String == "Floods \"hit\" the north <b>")
        #expect(stories[0]["first_outlet"] as? String == "Example Times")
        #expect(stories[0]["outlets"] as? Int == 4)
        #expect(stories[0]["link"] as? String == "https://news.example.org/story/7?a=1&b=2")
        #expect(stories[0]["snippet"] as? String == "Police said the protest continued overnight.")
        #expect(stories[0]["matched"] as? [String] == ["protest"])
        #expect(stories[0]["coverage_step"] == nil)
        #expect(stories[1]["coverage_step"] as? Int == 20)
        #expect(stories[1]["link"] == nil)
        #expect(try WebhookPayload.decodeForTest(bodies[0]) == payload)
        #expect(try server.headers(ofRequest: 1)["Content-Type"] == "application/json")
    }

    @Test func retriesServerErrorsUntilOneSucceeds() throws {
        let server = try WebhookTestServer(directory: MailFixtures.directory("hook-retry"), options: ["--fail-first", "2"])
        try sender.post(url: server.url, payload: payload)
        #expect(server.requestCount() == 3)
        #expect(try server.deliveredBodies().count == 1)
    }

    @Test func givesUpAfterTheLastAttemptWithATransientError() throws {
        let server = try WebhookTestServer(directory: MailFixtures.directory("hook-down"), options: ["--fail-first", "10"])
        #expect {
            try sender.post(url: server.url, payload: payload)
        } throws: { error in
            let error = error as! MailError
            return error.transient && error.kind == .httpStatus && error.message.contains("503") && error.message.contains("3 attempts")
        }
        #expect(server.requestCount() == 3)
    }

    @Test func doesNotRetryARefusal() throws {
        let server = try WebhookTestServer(directory: MailFixtures.directory("hook-400"), options: ["--always-status", "400"])
        #expect {
            try sender.post(url: server.url, payload: payload)
        } throws: { error in
            let error = error as! MailError
            return !error.transient && error.message.contains("400") && error.message.contains("refused on purpose")
        }
        #expect(server.requestCount() == 1)
    }

    @Test func unreachableEndpointIsTransient() throws {
        let server = try WebhookTestServer(directory: MailFixtures.directory("hook-gone"))
        server.stop()
        #expect {
            try WebhookSender(attempts: 2, timeout: 2, retryDelay: 0.01).post(url: server.url, payload: payload)
        } throws: { error in
            let error = error as! MailError
            return error.transient && error.kind == .unreachable && error.message.contains("2 attempts")
        }
        #expect(throws: MailError.self) { try sender.post(url: "file:///etc/passwd", payload: payload) }
    }
}

extension WebhookPayload {
    static func decodeForTest(_ data: Data) throws -> WebhookPayload { try JSONDecoder().decode(WebhookPayload.self, from: data) }
}
