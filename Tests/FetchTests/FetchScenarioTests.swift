import Foundation
import Testing
import Model
import TestSupport
@testable import Fetch

@Suite("Fetching from a real HTTP server on loopback")
struct FetchScenarioTests {
    @Test func okResponseCarriesBodyAndValidators() async throws {
        let url = try server().baseURL + "/feed"
        let response = await fetch(url)
        #expect(response.error == nil)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("Loopback Gazette"))
        #expect(response.etag == "\"feed-v1\"")
        #expect(response.lastModified == "Wed, 21 Oct 2026 07:28:00 GMT")
        #expect(response.contentType == "application/rss+xml; charset=utf-8")
        #expect(response.charset == "utf-8")
        #expect(response.permanentRedirect == nil)
        #expect(response.effectiveURL == url)

        let feed = feedState(Feed(id: 1, url: url), after: response)
        #expect(feed.etag == "\"feed-v1\"")
        #expect(feed.health.lastStatus == 200)
        #expect(feed.lastUnconditionalFetch != nil)
    }

    @Test func notModifiedWithETag() async throws {
        let url = try server().baseURL + "/feed"
        let response = await fetch(url, etag: "\"feed-v1\"")
        #expect(response.isNotModified)
        #expect(response.body.isEmpty)

        let before = Feed(id: 1, url: url, etag: "\"feed-v1\"", lastModified: "Wed, 21 Oct 2026 07:28:00 GMT",
                          intervalSeconds: 5400, lastUnconditionalFetch: Date())
        let after = feedState(before, after: response)
        #expect(after.etag == "\"feed-v1\"")
        #expect(after.health.lastStatus == 304)
        #expect(after.health.lastError == nil)
        #expect(after.intervalSeconds == 5400)

        let stale = await fetch(url, etag: "\"feed-v0\"")
        #expect(stale.status == 200 && !stale.body.isEmpty)
    }

    @Test func notModifiedWithLastModified() async throws {
        let url = try server().baseURL + "/feed?etag=0"
        let first = await fetch(url)
        #expect(first.etag == nil)
        let lastModified = try #require(first.lastModified)
        let second = await fetch(url, lastModified: lastModified)
        #expect(second.isNotModified)
    }

    @Test func sendsUserAgentEncodingsAndValidators() async throws {
        let response = await fetch(try server().baseURL + "/headers", etag: "\"abc\"", lastModified: "Wed, 21 Oct 2026 07:28:00 GMT")
        let headers = try JSONDecoder().decode([String: String].self, from: Data(response.body))
        #expect(headers["User-Agent"]?.hasPrefix("newswatch/\(NewsWatchVersion.string)") == true)
        #expect(headers["Accept-Encoding"]?.contains("gzip") == true)
        #expect(headers["If-None-Match"] == "\"abc\"")
        #expect(headers["If-Modified-Since"] == "Wed, 21 Oct 2026 07:28:00 GMT")
    }

    @Test func gzipBodyArrivesDecoded() async throws {
        let response = await fetch(try server().baseURL + "/gzip")
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).hasPrefix("<?xml"))
    }

    @Test func cacheControlAndContentLocation() async throws {
        let response = await fetch(try server().baseURL + "/cache")
        #expect(response.maxAge == 1800)
        #expect(response.contentLocation == "/feed.xml")
    }

    @Test func permanentRedirectChainIsAdoptedOnTheSecondFetch() async throws {
        let base = try server().baseURL
        let start = base + "/chain/301-308-301/feed"
        let first = await fetch(start)
        #expect(first.status == 200)
        #expect(first.effectiveURL == base + "/feed")
        #expect(first.permanentRedirect == base + "/feed")

        var feed = feedState(Feed(id: 1, url: start), after: first)
        #expect(feed.url == start)
        #expect(feed.pendingRedirect == base + "/feed")
        let second = await fetch(start)
        feed = feedState(feed, after: second)
        #expect(feed.url == base + "/feed")
        #expect(feed.pendingRedirect == nil)
    }

    @Test func chainWithATemporaryHopIsNotPermanent() async throws {
        let base = try server().baseURL
        let response = await fetch(base + "/chain/301-302/feed")
        #expect(response.status == 200)
        #expect(response.permanentRedirect == nil)
        let feed = feedState(Feed(id: 1, url: base + "/chain/301-302/feed", pendingRedirect: base + "/feed"), after: response)
        #expect(feed.pendingRedirect == nil)
        #expect(feed.url == base + "/chain/301-302/feed")
    }

    @Test func redirectLoopStopsAtTheLimit() async throws {
        let url = try server().baseURL + "/loop"
        let response = await fetch(url)
        #expect(response.error == .tooManyRedirects(url: url, limit: 5))
        #expect(response.error?.sentence == "\(url) redirected more than 5 times")
    }

    @Test func redirectToAFileURLIsRefused() async throws {
        let url = try server().baseURL + "/to?url=file:///etc/hostname"
        let response = await fetch(url)
        guard case .unsupportedProtocol = response.error else {
            Issue.record("expected unsupportedProtocol, got \(String(describing: response.error))"); return
        }
        #expect(response.body.isEmpty)
    }

    @Test(arguments: [404, 500])
    func errorStatusIsAFailure(code: Int) async throws {
        let url = try server().baseURL + "/status/\(code)"
        let response = await fetch(url)
        #expect(response.status == code)
        #expect(response.error == .httpStatus(code, url: url))
        #expect(response.body.isEmpty)

        let now = Date()
        let feed = feedState(Feed(id: 1, url: url), after: response, now: now)
        #expect(feed.health.consecutiveFailures == 1)
        #expect(feed.health.lastStatus == code)
        #expect(feed.health.lastError == "\(url) answered HTTP \(code)")
        #expect(feed.health.failingSince == now)
        #expect(!feed.health.gone)
        #expect(feed.nextCheck > now)
    }

    @Test func goneStopsPolling() async throws {
        let url = try server().baseURL + "/status/410"
        let response = await fetch(url)
        #expect(response.error == .gone(url: url))
        let now = Date()
        let feed = feedState(Feed(id: 1, url: url), after: response, now: now)
        #expect(feed.health.gone)
        #expect(!FeedSchedule.isDue(feed, now: now.addingTimeInterval(365 * 86_400)))
        #expect(feed.health.lastError?.contains("410 Gone") == true)
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let url = try server().baseURL + "/status/429?retry-after=7200"
        let response = await fetch(url)
        #expect(response.error == .httpStatus(429, url: url))
        #expect(response.retryAfter == 7200)
        let now = Date()
        let feed = feedState(Feed(id: 1, url: url), after: response, now: now)
        #expect(feed.nextCheck == now.addingTimeInterval(7200))
    }

    @Test func unavailableWithAnHTTPDateRetryAfter() async throws {
        let when = Date().addingTimeInterval(3600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let value = formatter.string(from: when).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let response = await fetch(try server().baseURL + "/status/503?retry-after=\(value)")
        #expect(response.status == 503)
        let retryAfter = try #require(response.retryAfter)
        #expect(abs(retryAfter - 3600) < 5)
    }

    @Test func silentServerTimesOut() async throws {
        let url = try server().baseURL + "/silent"
        let options = quickOptions { $0.timeout = 1.5; $0.lowSpeedSeconds = 1 }
        let response = await fetch(url, options: options)
        guard case .timedOut(let failedURL, let seconds) = response.error else {
            Issue.record("expected timedOut, got \(String(describing: response.error))"); return
        }
        #expect(failedURL == url)
        #expect(seconds >= 0.9 && seconds < 5)
        #expect(response.error?.sentence.contains("did not answer within") == true)
    }

    @Test func tricklingServerIsAbandoned() async throws {
        let url = try server().baseURL + "/trickle"
        let options = quickOptions { $0.timeout = 30; $0.lowSpeedBytesPerSecond = 100; $0.lowSpeedSeconds = 2 }
        let response = await fetch(url, options: options)
        #expect(response.error == .tooSlow(url: url))
        #expect(response.duration < 10)
        #expect(response.error?.sentence == "\(url) sent data too slowly and was abandoned")
    }

    @Test func bodyOverTheCapIsRefused() async throws {
        let base = try server().baseURL
        let options = quickOptions { $0.maxBodyBytes = 64 << 10 }
        let atCap = await fetch(base + "/big?bytes=65536", options: options)
        #expect(atCap.error == nil)
        #expect(atCap.body.count == 65536)
        let url = base + "/big?bytes=65537"
        let over = await fetch(url, options: options)
        #expect(over.error == .tooLarge(url: url, limit: 64 << 10))
        #expect(over.error?.sentence == "\(url) sent more than 64 KiB, the size cap")
    }

    @Test func gzipBombIsCappedOnTheDecompressedSize() async throws {
        let url = try server().baseURL + "/bomb?mb=32"
        let response = await fetch(url, options: quickOptions { $0.maxBodyBytes = 1 << 20 })
        #expect(response.error == .tooLarge(url: url, limit: 1 << 20))
        #expect(response.body.isEmpty)
    }

    @Test func htmlPageIsFetchedForTheParserToJudge() async throws {
        let response = await fetch(try server().baseURL + "/html")
        #expect(response.error == nil)
        #expect(response.contentType?.hasPrefix("text/html") == true)
        #expect(String(decoding: response.body, as: UTF8.self).contains("<!DOCTYPE html>"))
    }

    @Test func refusedConnection() async throws {
        let url = "http://127.0.0.1:\(try TestPorts.freePort())/feed"
        let response = await fetch(url)
        #expect(response.error == .connectionRefused(url: url))
        #expect(response.status == nil)
        let feed = feedState(Feed(id: 1, url: url), after: response)
        #expect(feed.health.lastError == "\(url) refused the connection")
        #expect(feed.health.lastStatus == nil)
    }

    @Test func unresolvableHost() async throws {
        let response = await fetch("http://nonexistent.invalid/feed.xml")
        #expect(response.error == .unresolvedHost(host: "nonexistent.invalid"))
        #expect(response.error?.sentence == "the host name nonexistent.invalid does not resolve")
    }

    @Test func privateNetworksAreRefusedOnTheConnectedAddress() async throws {
        let base = try server().baseURL
        let group = "deny-\(UUID().uuidString)"
        let deny = quickOptions { $0.denyPrivateNetworks = true }
        let numeric = await fetch(base + "/slow/\(group)/a?ms=1", options: deny)
        #expect(numeric.error == .forbiddenAddress(url: base + "/slow/\(group)/a?ms=1", address: "127.0.0.1"))
        // A host name goes through DNS first; the check still sees the loopback address.
        let named = "http://localhost:\(try server().port)/slow/\(group)/b?ms=1"
        let viaName = await fetch(named, options: deny)
        // curl resolves localhost to ::1 and 127.0.0.1 itself; whichever it tries first is refused.
        guard case .forbiddenAddress(named, let address) = viaName.error else {
            Issue.record("expected forbiddenAddress, got \(String(describing: viaName.error))"); return
        }
        #expect(address == "127.0.0.1" || address == "::1")
        #expect(viaName.error?.sentence.contains("deny_private_networks") == true)
        #expect(try await stats(group).total == 0)
    }

    @Test func aRedirectToAPrivateAddressIsRefusedAtTheHopThatReachesIt() async throws {
        // The loopback test server stands for a public site (its address is let through); it redirects to
        // another loopback address, which the check must refuse when libcurl opens the socket for that hop.
        let base = try server().baseURL
        var deny = quickOptions { $0.denyPrivateNetworks = true }
        deny.privateAddressesAllowed = ["127.0.0.1"]
        let target = "http://127.0.0.2:\(try server().port)/feed"
        let response = await fetch(base + "/to?url=" + target, options: deny)
        guard case .forbiddenAddress(_, let address) = response.error else {
            Issue.record("expected forbiddenAddress, got \(String(describing: response.error))"); return
        }
        #expect(address == "127.0.0.2")
        #expect(response.body.isEmpty)
        // The same chain without the option is followed (127.0.0.2 is loopback too, but nobody listens there).
        let open = await fetch(base + "/to?url=" + target, options: quickOptions())
        if case .forbiddenAddress = open.error { Issue.record("refused without deny_private_networks") }
    }

    @Test func concurrencyWindowIsHonoured() async throws {
        let base = try server().baseURL
        let group = "window-\(UUID().uuidString)"
        let requests = (0..<8).map { FetchRequest(tag: Int64($0), url: base + "/slow/\(group)/x/\($0)?ms=800") }
        let fetcher = Fetcher(options: quickOptions { $0.concurrency = 4; $0.perHost = 100 })
        let responses = await fetcher.fetchAll(requests)
        #expect(responses.allSatisfy { $0.status == 200 })
        let observed = try await stats(group)
        #expect(observed.total == 8)
        #expect(observed.max == 4)
    }

    @Test func perHostCapQueuesOneHostPolitely() async throws {
        let server = try server()
        let group = "perhost-\(UUID().uuidString)"
        let numeric = (0..<6).map { FetchRequest(url: "http://127.0.0.1:\(server.port)/slow/\(group)/a/\($0)?ms=800") }
        let named = (0..<6).map { FetchRequest(url: "http://localhost:\(server.port)/slow/\(group)/b/\($0)?ms=800") }
        let fetcher = Fetcher(options: quickOptions { $0.concurrency = 3; $0.perHost = 2 })
        let responses = await fetcher.fetchAll(numeric + named)
        #expect(responses.allSatisfy { $0.status == 200 })
        #expect(try await stats("\(group)/a").max == 2)
        #expect(try await stats("\(group)/b").max == 2)
        let overall = try await stats(group)
        #expect(overall.max == 3)
        #expect(overall.total == 12)
    }

    @Test func fetchAllKeepsOrderAndReportsEachResponse() async throws {
        let base = try server().baseURL
        let urls = [base + "/slow/order/x?ms=300", base + "/status/404", base + "/feed", base + "/loop"]
        let seen = Counter()
        let responses = await Fetcher(options: quickOptions()).fetchAll(urls.map { FetchRequest(url: $0) }) { _ in seen.add() }
        #expect(responses.map(\.request.url) == urls)
        #expect(seen.value == urls.count)
        #expect(responses[0].status == 200 && responses[1].status == 404 && responses[2].status == 200)
        #expect(responses[3].error == .tooManyRedirects(url: urls[3], limit: 5))
    }

    @Test func localFiles() async throws {
        let dir = try TestPaths.temporaryDirectory()
        let file = dir.appendingPathComponent("local feed.xml")
        try Data("<rss version=\"2.0\"><channel><title>Local</title></channel></rss>".utf8).write(to: file)
        let fetcher = Fetcher(options: quickOptions())
        let ok = await fetcher.fetch(FetchRequest(url: file.absoluteString))
        #expect(ok.error == nil)
        #expect(String(decoding: ok.body, as: UTF8.self).contains("<title>Local</title>"))

        let unencoded = await fetcher.fetch(FetchRequest(url: "file://" + file.path))
        #expect(unencoded.error == nil && unencoded.body == ok.body)
        let remote = await fetcher.fetch(FetchRequest(url: "file://server.example/feed.xml"))
        #expect(remote.error == .fileUnreadable(path: "file://server.example/feed.xml", reason: "not a local file URL (file:///absolute/path)"))

        let missing = dir.appendingPathComponent("missing.xml")
        let absent = await fetcher.fetch(FetchRequest(url: missing.absoluteString))
        #expect(absent.error == .fileUnreadable(path: missing.path, reason: "No such file or directory"))
        #expect(absent.error?.sentence == "cannot read \(missing.path): No such file or directory")

        let refused = await Fetcher(options: quickOptions { $0.allowFileURLs = false }).fetch(FetchRequest(url: file.absoluteString))
        #expect(refused.error == .unsupportedProtocol(url: file.absoluteString))
    }

    @Test func streamEndsAfterEveryResponse() async throws {
        let base = try server().baseURL
        let requests = (0..<5).map { FetchRequest(url: base + "/feed?n=\($0)") }
        var indexes: [Int] = []
        for await (index, response) in Fetcher(options: quickOptions()).responses(for: requests) {
            #expect(response.status == 200)
            indexes.append(index)
        }
        #expect(indexes.sorted() == Array(0..<5))
    }
}

@Suite("One pass over many faults")
struct MixedPassTests {
    /// Every fault at once, as a cron pass meets them: each ends in its own result, the good feeds are untouched.
    @Test func faultsStayWithTheirOwnFeeds() async throws {
        let base = try server().baseURL
        let refused = "http://127.0.0.1:\(try TestPorts.freePort())/feed"
        let urls = [base + "/feed", base + "/silent", base + "/status/404", base + "/trickle", refused,
                    "http://nonexistent.invalid/feed", base + "/loop", base + "/status/410", base + "/gzip", base + "/big?bytes=70000"]
        let options = quickOptions { $0.timeout = 3; $0.lowSpeedSeconds = 2; $0.maxBodyBytes = 64 << 10; $0.concurrency = 4; $0.perHost = 2 }
        let responses = await Fetcher(options: options).fetchAll(urls.enumerated().map { FetchRequest(tag: Int64($0), url: $1) })
        #expect(responses.map(\.request.tag) == Array(0..<Int64(urls.count)))
        #expect(responses[0].status == 200 && responses[0].error == nil)
        if case .timedOut = responses[1].error {} else { Issue.record("silent: \(String(describing: responses[1].error))") }
        #expect(responses[2].error == .httpStatus(404, url: urls[2]))
        #expect(responses[3].error == .tooSlow(url: urls[3]))
        #expect(responses[4].error == .connectionRefused(url: refused))
        #expect(responses[5].error == .unresolvedHost(host: "nonexistent.invalid"))
        #expect(responses[6].error == .tooManyRedirects(url: urls[6], limit: 5))
        #expect(responses[7].error == .gone(url: urls[7]))
        #expect(responses[8].status == 200 && String(decoding: responses[8].body, as: UTF8.self).contains("Loopback Gazette"))
        #expect(responses[9].error == .tooLarge(url: urls[9], limit: 64 << 10))
    }
}

@Suite("Requests libcurl must not send")
struct RefusedRequestTests {
    @Test func otherProtocolsAreRefused() async {
        let response = await Fetcher(options: quickOptions()).fetch(FetchRequest(url: "ftp://127.0.0.1/feed.xml"))
        #expect(response.error == .unsupportedProtocol(url: "ftp://127.0.0.1/feed.xml"))
    }

    @Test func aMalformedURLIsNamed() async {
        let response = await Fetcher(options: quickOptions()).fetch(FetchRequest(url: "http://exa mple.com:99999/feed"))
        #expect(response.error == .transport(url: "http://exa mple.com:99999/feed", message: "is not a valid URL"))
        #expect(response.error?.sentence == "http://exa mple.com:99999/feed is not a valid URL")
    }
}
