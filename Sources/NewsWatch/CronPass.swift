import Foundation
import Logging
import Model
import Fetch
import FeedParser
import Store
import Stories
import Watches

/// What a cron pass needs besides the store: every stage's settings, already read from the config file.
public struct PassSettings: Sendable {
    public var fetch = FetchOptions()
    public var schedule = SchedulePolicy()
    public var clustering = ClusterOptions()
    /// Outlet counts at which a matched story raises a follow-up alert.
    public var coverageSteps: [Int] = []
    /// Watches from the config file; they join the ones saved with `watch add`.
    public var configWatches: [Watch] = []
    public var delivery = DeliverySettings()
    /// Fetch every feed, due or not (`run --all`).
    public var fetchAll = false
    /// Parsed feeds are stored, clustered and matched together once they hold this many entries.
    public var batchItems = 5_000
    /// Requests handed to the fetcher ahead of processing (each holds its body until parsed).
    public var maxUnprocessedFetches = 128
    public init() {}
}

/// What one pass did, for the progress line, `--verbose` and the exit status.
public struct PassReport: Sendable {
    public struct FeedFailure: Sendable, Hashable {
        public var url: String
        public var reason: String
    }
    public var feedsDue = 0
    public var feedsFetched = 0
    public var feedsNotModified = 0
    public var failures: [FeedFailure] = []
    public var itemsNew = 0
    public var itemsUpdated = 0
    public var storiesTouched: Set<Int64> = []
    public var alertsRaised = 0
    public var delivery = DeliveryReport()
    /// Seconds spent in each stage, for `--verbose`.
    public var stageSeconds: [String: Double] = [:]
    public init() {}

    /// Runs `body`, adding its duration to the stage's total.
    mutating func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            stageSeconds[stage, default: 0] += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        return try body()
    }
}

/// Progress of a pass, for a terminal progress bar.
public struct PassProgress: Sendable {
    public var feedsDone: Int
    public var feedsDue: Int
    public var itemsNew: Int
}

/// One cron pass, top to bottom: due feeds → fetch → parse → store → cluster → match → outbox → deliver.
public final class CronPass {
    let store: SQLiteStore
    let settings: PassSettings
    let logger: Logger
    private let clusterer: StoryClusterer
    private let watchSet: CompiledWatches

    public init(store: SQLiteStore, settings: PassSettings, logger: Logger = Logger(label: "newswatch.pass")) throws {
        self.store = store
        self.settings = settings
        self.logger = logger
        clusterer = StoryClusterer(options: settings.clustering)
        watchSet = try CompiledWatches(stored: store.watches(), configured: settings.configWatches)
    }

    /// Runs the pass. Feed failures are recorded on their feeds and never stop it.
    public func run(now: Date = Date(), progress: (@Sendable (PassProgress) -> Void)? = nil) async throws -> PassReport {
        var report = PassReport()
        let passID = try store.beginPass(at: now)
        try clusterLeftovers(now: now, report: &report)

        let feeds = try store.dueFeeds(now: now, includeNotDue: settings.fetchAll)
        report.feedsDue = feeds.count
        let feedsByID = Dictionary(uniqueKeysWithValues: feeds.map { ($0.id, $0) })
        let requests = feeds.map { FeedSchedule.request(for: $0, now: now, policy: settings.schedule) }
        progress?(PassProgress(feedsDone: 0, feedsDue: feeds.count, itemsNew: 0))

        // Bodies are parsed as they arrive and stored in batches of feeds, so the clusterer sees many items at
        // a time. At most `maxUnprocessedFetches` requests are handed to the fetcher ahead of processing, so a
        // fast network never piles up more bodies than that while the slower parse-and-store stage catches up.
        let fetcher = Fetcher(options: settings.fetch)
        let clustering = settings.clustering
        var batch: [ParsedFetch] = []
        var batchEntries = 0
        var done = 0
        try await withThrowingTaskGroup(of: FetchedBody.self) { group in
            var pending = requests.makeIterator()
            func submitNext() {
                guard let request = pending.next() else { return }
                // Each body is parsed in its own task, on another core than the one storing and clustering.
                group.addTask { FetchedBody(await fetcher.fetch(request), clustering: clustering) }
            }
            for _ in 0..<max(1, settings.maxUnprocessedFetches) { submitNext() }
            while let fetched = try await group.next() {
                submitNext()
                done += 1
                report.stageSeconds["parse", default: 0] += fetched.parseSeconds
                guard let feed = feedsByID[fetched.response.request.tag] else { continue }
                if let parsed = try process(fetched, for: feed, now: Date(), report: &report) {
                    batch.append(parsed)
                    batchEntries += parsed.parsed.entries.count
                    if batchEntries >= settings.batchItems {
                        try store(batch, report: &report)
                        batch.removeAll()
                        batchEntries = 0
                    }
                }
                progress?(PassProgress(feedsDone: done, feedsDue: feeds.count, itemsNew: report.itemsNew))
            }
        }
        try store(batch, report: &report)

        try batchAlerts(now: Date())
        report.delivery = await Delivery(store: store, settings: settings.delivery, logger: logger).deliverPending(now: Date())
        try store.finishPass(passID, at: Date(), feedsChecked: report.feedsFetched + report.feedsNotModified + report.failures.count,
                             feedsFailed: report.failures.count, itemsNew: report.itemsNew)
        return report
    }

    /// A feed whose body parsed, waiting to be stored with its batch.
    struct ParsedFetch {
        var feed: Feed
        var response: FetchResponse
        var parsed: ParsedFeed
        var fetched: Date
        /// What the clusterer read of each entry ahead, and each entry's content hash (in `parsed.entries` order).
        var readings: [ItemReading]
        var contentHashes: [Int64]
    }

    /// A fetch response with its body parsed (when it has one to parse), its entries read by the clusterer
    /// ahead (the words of each, which need nothing stored), and the seconds that took.
    struct FetchedBody: Sendable {
        var response: FetchResponse
        var parsed: ParsedFeed?
        /// Why the body did not parse.
        var parseFailure: String?
        /// What the clusterer read of each entry (in `parsed.entries` order).
        var readings: [ItemReading] = []
        /// Each entry's content hash (in `parsed.entries` order), for telling edits from re-fetches when it is stored.
        var contentHashes: [Int64] = []
        var parseSeconds: Double = 0

        init(_ response: FetchResponse, clustering: ClusterOptions) {
            self.response = response
            guard response.error == nil, !response.isNotModified else { return }
            let start = ContinuousClock.now
            do {
                parsed = try FeedParser.parse(response.body, documentURL: response.effectiveURL, httpCharset: response.charset,
                                              contentLocation: response.contentLocation)
            } catch {
                parseFailure = error.message
            }
            if let entries = parsed?.entries {
                // Only what the item will hold counts (its time does not): the guid, links, title and text.
                let anyTime = Date()
                let inputs = entries.map { ClusterInput(itemID: 0, feedID: 0, guid: $0.id, canonicalLink: $0.canonicalLink,
                                                        title: $0.title, text: $0.text, time: anyTime) }
                readings = StoryClusterer.readAhead(inputs, options: clustering)
                contentHashes = entries.map(SQLiteStore.contentHash)
            }
            let elapsed = ContinuousClock.now - start
            parseSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            self.response.body = []   // parsed already; the batch keeps only what the schedule needs
        }
    }

    /// Handles one fetched feed: a failure or a 304 is recorded on the feed at once; a body that parsed is
    /// returned for storing with its batch.
    private func process(_ fetched: FetchedBody, for feed: Feed, now: Date, report: inout PassReport) throws -> ParsedFetch? {
        let response = fetched.response
        if let error = response.error {
            fail(feed, response: response, reason: error.sentence, now: now, report: &report)
            return nil
        }
        if response.isNotModified {
            report.feedsNotModified += 1
            try store.saveFeedState(FeedSchedule.afterSuccess(feed, response: response, hints: FeedUpdateHints(), now: now,
                                                              policy: settings.schedule))
            return nil
        }
        if let reason = fetched.parseFailure {
            fail(feed, response: response, reason: "\(feed.url): \(reason)", now: now, report: &report)
            return nil
        }
        guard let parsed = fetched.parsed else { return nil }
        for problem in parsed.errors { logger.info("recovered from a problem", metadata: ["feed": "\(feed.url)", "problem": "\(problem)"]) }
        return ParsedFetch(feed: feed, response: response, parsed: parsed, fetched: now, readings: fetched.readings,
                           contentHashes: fetched.contentHashes)
    }

    /// Stores a batch of parsed feeds in one transaction: their items, the stories those items join, the alerts
    /// they raise and each feed's new state. A crash leaves either all of it or none of it.
    private func store(_ batch: [ParsedFetch], report: inout PassReport) throws {
        guard !batch.isEmpty else { return }
        try clusteringTransaction {
            var changedItems: [ItemWithSource] = [], updatedIDs: [Int64] = []
            var readAhead: [ItemReading?] = []
            var staged: [StagedEntries] = []
            try report.timed("store") {
                var nextID = try store.nextItemID()
                for fetch in batch {
                    let feedStaged = try store.stageEntries(fetch.parsed.entries, feedID: fetch.feed.id, fetched: fetch.fetched, nextID: &nextID,
                                                            contentHashes: fetch.contentHashes)
                    try store.updateFeedMetadata(id: fetch.feed.id, title: fetch.parsed.title, siteLink: fetch.parsed.link)
                    staged.append(feedStaged)
                    // As `store.items(ids:)` would name the outlet: its title (the subscription's, else the feed's), else its URL.
                    let outlet = [fetch.feed.title, fetch.parsed.title].lazy.compactMap { $0 }.first { !$0.isEmpty } ?? fetch.feed.url
                    changedItems += feedStaged.outcome.newItems.map { ItemWithSource(item: $0, feedTitle: outlet, feedURL: fetch.feed.url) }
                    readAhead += feedStaged.newEntryIndices.map { index -> ItemReading? in fetch.readings[index] }
                    updatedIDs += feedStaged.outcome.updatedItemIDs
                }
                // Edited items are few; they are read back for the fields an edit keeps (their story, an older date).
                changedItems += try store.items(ids: updatedIDs)
            }
            // New items are inserted once their stories are known, each with its story in the one write; edited
            // items (few) keep theirs, or get one if an interrupted pass never gave them any.
            let edited = Set(updatedIDs)
            let (clustered, touched) = try cluster(changedItems, readAhead: readAhead, report: &report) { clustered in
                var storyOf: [Int64: Int64] = [:], editedStories: [(itemID: Int64, storyID: Int64)] = []
                for source in clustered {
                    guard let story = source.item.storyID else { continue }
                    if edited.contains(source.item.id) { editedStories.append((source.item.id, story)) } else { storyOf[source.item.id] = story }
                }
                try store.insertStaged(staged, storyIDs: storyOf)
                try store.assignItems(editedStories)
            }
            report.storiesTouched.formUnion(touched)
            report.alertsRaised += try report.timed("match") { try match(clustered, touchedStories: touched, now: Date()) }
            for (fetch, outcome) in zip(batch, staged.map(\.outcome)) {
                let entries = fetch.parsed.entries
                let hints = FeedUpdateHints(newItems: outcome.newItemIDs.count, recentPublicationTimes: entries.compactMap { $0.published ?? $0.updated },
                                            ttlMinutes: fetch.parsed.ttlMinutes, updateIntervalSeconds: fetch.parsed.updateIntervalSeconds)
                try store.saveFeedState(FeedSchedule.afterSuccess(fetch.feed, response: fetch.response, hints: hints, now: fetch.fetched,
                                                                  policy: settings.schedule))
                report.itemsUpdated += outcome.updatedItemIDs.count
            }
            report.itemsNew += staged.reduce(0) { $0 + $1.outcome.newItems.count }
            report.feedsFetched += batch.count
        }
    }

    private func fail(_ feed: Feed, response: FetchResponse?, reason: String, now: Date, report: inout PassReport) {
        logger.warning("feed failed", metadata: ["feed": "\(feed.url)", "reason": "\(reason)"])
        report.failures.append(PassReport.FeedFailure(url: feed.url, reason: reason))
        do {
            try store.saveFeedState(FeedSchedule.afterFailure(feed, response: response, reason: reason, now: now, policy: settings.schedule))
        } catch {
            logger.error("cannot record the failure", metadata: ["feed": "\(feed.url)", "error": "\(error)"])
        }
    }

    /// Items stored by an interrupted pass but never clustered get their stories first.
    private func clusterLeftovers(now: Date, report: inout PassReport) throws {
        let leftovers = try store.unclusteredItemIDs()
        guard !leftovers.isEmpty else { return }
        try clusteringTransaction {
            let items = try report.timed("cluster: read items") { try store.items(ids: leftovers) }
            let (clustered, touched) = try cluster(items, report: &report) { clustered in
                try store.assignItems(clustered.compactMap { source in source.item.storyID.map { (source.item.id, $0) } })
            }
            report.storiesTouched.formUnion(touched)
            report.alertsRaised += try match(clustered, touchedStories: touched, now: now)
        }
    }

    /// Runs `body` in one transaction; when it rolls back, the clusterer forgets what it remembered of the
    /// stories (its copy would hold the rolled-back writes).
    private func clusteringTransaction(_ body: () throws -> Void) throws {
        do {
            try store.transaction(body)
        } catch {
            clusterer.forgetWorkingSet()
            throw error
        }
    }

    /// Puts items into stories, has `persist` store each item's story, and refreshes the stories' records.
    /// Returns the items with their stories, and the stories touched.
    private func cluster(_ items: [ItemWithSource], readAhead: [ItemReading?] = [], report: inout PassReport,
                         persist: ([ItemWithSource]) throws -> Void) throws -> (items: [ItemWithSource], touched: Set<Int64>) {
        guard !items.isEmpty else { return ([], []) }
        let inputs = items.map { source in
            ClusterInput(itemID: source.item.id, feedID: source.item.feedID, guid: source.item.guid, canonicalLink: source.item.canonicalLink,
                         title: source.item.title, text: source.item.text, time: source.item.seen, existingStoryID: source.item.storyID)
        }
        let previous = Set(items.compactMap(\.item.storyID))
        let assigned = try report.timed("cluster") { try clusterer.cluster(inputs, readAhead: readAhead, index: store) }
        var clustered = items
        for index in clustered.indices { clustered[index].item.storyID = assigned[index] }
        try report.timed("store") { try persist(clustered) }
        let touched = previous.union(assigned)
        try report.timed("cluster: story records") { try store.refreshStories(Array(touched)) }
        return (clustered, touched)
    }

    /// Matches items against every watch and records one alert per (watch, story), plus coverage follow-ups.
    /// Returns how many alerts were recorded.
    private func match(_ items: [ItemWithSource], touchedStories: Set<Int64>, now: Date) throws -> Int {
        guard !watchSet.isEmpty else { return 0 }
        var raised = 0
        for source in items {
            guard let storyID = source.item.storyID else { continue }
            for watch in watchSet.matchingWatches(source) {
                if try store.recordAlert(watchName: watch.name, storyID: storyID, itemID: source.item.id, kind: .newStory, now: now) {
                    raised += 1
                }
            }
        }
        guard !settings.coverageSteps.isEmpty else { return raised }
        for (watchName, storyID) in try store.watchesAlerted(storyIDs: Array(touchedStories)) {
            guard let story = try store.story(id: storyID) else { continue }
            for step in settings.coverageSteps where story.outletCount >= step {
                if try store.recordAlert(watchName: watchName, storyID: storyID, itemID: nil, kind: .coverage(outlets: step), now: now) {
                    raised += 1
                }
            }
        }
        return raised
    }

    /// Groups the alerts not yet in a message into one message per watch.
    private func batchAlerts(now: Date) throws {
        try AlertBatcher(store: store, watches: watchSet, settings: settings.delivery).batch(now: now)
    }
}
