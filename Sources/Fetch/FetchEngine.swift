import Foundation
import Synchronization
import CCurl

/// A request waiting for, or holding, a transfer slot, and where its response goes.
struct FetchJob: Sendable {
    let request: FetchRequest
    /// The politeness key: the URL's host, lower-cased.
    let host: String
    /// The submission this job belongs to, for cancelling it as a whole.
    let batch: UInt64
    let complete: @Sendable (FetchResponse) -> Void

    init(request: FetchRequest, batch: UInt64, complete: @escaping @Sendable (FetchResponse) -> Void) {
        self.request = request
        self.host = FetchJob.hostKey(request.url)
        self.batch = batch
        self.complete = complete
    }

    /// The response for a job abandoned because its caller went away.
    var cancelledResponse: FetchResponse { Self.cancelledResponse(for: request) }

    static func cancelledResponse(for request: FetchRequest) -> FetchResponse {
        FetchResponse(request: request, effectiveURL: request.url, error: .transport(url: request.url, message: "was cancelled before it finished"))
    }

    static func hostKey(_ url: String) -> String {
        URLComponents(string: url)?.host?.lowercased() ?? url
    }
}

/// A first-in first-out queue of jobs with O(1) removal at the front.
struct JobQueue {
    private var jobs: [FetchJob] = []
    private var head = 0
    var isEmpty: Bool { head == jobs.count }
    mutating func append(_ job: FetchJob) { jobs.append(job) }
    /// Removes and returns the jobs matching `predicate`, keeping the others in order.
    mutating func extract(where predicate: (FetchJob) -> Bool) -> [FetchJob] {
        let pending = jobs[head...]
        let matching = pending.filter(predicate)
        guard !matching.isEmpty else { return [] }
        jobs = pending.filter { !predicate($0) }
        head = 0
        return matching
    }
    mutating func popFirst() -> FetchJob? {
        guard head < jobs.count else { return nil }
        defer {
            head += 1
            if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
        }
        return jobs[head]
    }
}

/// libcurl's process-wide setup, done once before any handle exists.
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
}

/// One libcurl multi handle driven by `curl_multi_poll` on one dedicated thread, which owns every easy handle.
///
/// Jobs arrive through a mutex-protected inbox and `curl_multi_wakeup`. The engine keeps its own window of
/// transfers in flight (`concurrency`) and a per-host cap, instead of libcurl's connection caps, whose pending
/// queue can stall until the poll timeout in libcurl 7.88.
///
/// Confinement: everything except `inbox` and `multi` (for `curl_multi_wakeup`) is touched only by the engine thread.
final class FetchEngine: @unchecked Sendable {
    private struct Inbox {
        var jobs: [FetchJob] = []
        var cancelledBatches: Set<UInt64> = []
        var shuttingDown = false
        var nextBatch: UInt64 = 0
    }

    private let options: FetchOptions
    private let multi: OpaquePointer
    private let inbox = Mutex(Inbox())

    // Engine-thread state.
    private var fresh = JobQueue()
    private var waitingByHost: [String: JobQueue] = [:]
    private var hostsWithRoom: [String] = []
    private var activeByHost: [String: Int] = [:]
    private var active: [OpaquePointer: Transfer] = [:]
    private var idleHandles: [OpaquePointer] = []
    /// Every batch cancelled so far (few: only cancelled callers add to it).
    private var abandonedBatches: Set<UInt64> = []

    /// The poll timeout: a backstop only; libcurl's own timers and `curl_multi_wakeup` normally end the wait.
    private static let pollTimeoutMilliseconds: Int32 = 200

    /// The engine thread's name, unique in the process ("nwfetch-N"; Linux keeps 15 characters).
    let threadName: String
    private static let engineCount = Mutex(0)

    init(options: FetchOptions) {
        precondition(CurlGlobal.initialized, "curl_global_init failed")
        self.options = options
        self.multi = curl_multi_init()
        self.threadName = "nwfetch-\(Self.engineCount.withLock { $0 += 1; return $0 })"
        let thread = Thread { [self] in
            nameCurrentThread(threadName)
            run()
        }
        thread.start()
    }

    /// Queues jobs; safe from any thread.
    func submit(_ jobs: [FetchJob]) {
        guard !jobs.isEmpty else { return }
        inbox.withLock { inbox in
            inbox.jobs.append(contentsOf: jobs)
            curl_multi_wakeup(multi)
        }
    }

    /// A fresh batch number for `FetchJob.batch`.
    func newBatch() -> UInt64 {
        inbox.withLock { inbox in
            inbox.nextBatch += 1
            return inbox.nextBatch
        }
    }

    /// Abandons a batch's jobs: queued ones never start, running ones are stopped; each completes as cancelled.
    func cancel(batch: UInt64) {
        inbox.withLock { inbox in
            inbox.cancelledBatches.insert(batch)
            curl_multi_wakeup(multi)
        }
    }

    /// Lets the thread finish what it holds, then free libcurl's handles and exit.
    func shutdown() {
        inbox.withLock { inbox in
            inbox.shuttingDown = true
            // Inside the lock, so the thread cannot free `multi` between the flag and the wakeup.
            curl_multi_wakeup(multi)
        }
    }

    private var concurrency: Int { max(1, options.concurrency) }
    private var perHost: Int { max(1, options.perHost) }

    private func run() {
        while true {
            let (arrived, cancelled, stopping) = inbox.withLock { inbox in
                defer { inbox.jobs.removeAll(keepingCapacity: true); inbox.cancelledBatches.removeAll() }
                return (inbox.jobs, inbox.cancelledBatches, inbox.shuttingDown)
            }
            if !cancelled.isEmpty {
                abandonedBatches.formUnion(cancelled)
                abandon(cancelled)
            }
            for job in arrived {
                // A cancel can overtake its submission; such jobs never start.
                if abandonedBatches.contains(job.batch) { job.complete(job.cancelledResponse) } else { fresh.append(job) }
            }
            startTransfers()
            if stopping && active.isEmpty && !hasPendingJobs { break }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            if finishCompletedTransfers() > 0 { continue }   // refill the window before waiting
            curl_multi_poll(multi, nil, 0, Self.pollTimeoutMilliseconds, nil)
        }
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles = []
        curl_multi_cleanup(multi)
    }

    private var hasPendingJobs: Bool {
        !fresh.isEmpty || waitingByHost.values.contains { !$0.isEmpty }
    }

    /// Fills the window: first hosts that freed a slot, then new jobs in arrival order.
    private func startTransfers() {
        while active.count < concurrency {
            if let host = hostsWithRoom.popLast() {
                guard activeByHost[host, default: 0] < perHost, let job = waitingByHost[host]?.popFirst() else { continue }
                let more = waitingByHost[host]?.isEmpty == false
                if !more { waitingByHost[host] = nil }
                start(job)
                if more && activeByHost[host, default: 0] < perHost { hostsWithRoom.append(host) }
                continue
            }
            guard let job = fresh.popFirst() else { break }
            if activeByHost[job.host, default: 0] >= perHost {
                waitingByHost[job.host, default: JobQueue()].append(job)
            } else {
                start(job)
            }
        }
    }

    private func start(_ job: FetchJob) {
        guard let easy = idleHandles.popLast() ?? curl_easy_init() else {
            job.complete(FetchResponse(request: job.request, effectiveURL: job.request.url,
                                       error: .transport(url: job.request.url, message: "could not be fetched (libcurl could not create a handle)")))
            return
        }
        let transfer = Transfer(job: job, easy: easy, options: options)
        let added = curl_multi_add_handle(multi, easy)
        guard added == CURLM_OK else {
            curl_easy_reset(easy)
            idleHandles.append(easy)
            let reason = String(cString: curl_multi_strerror(added))
            job.complete(FetchResponse(request: job.request, effectiveURL: job.request.url,
                                       error: .transport(url: job.request.url, message: "could not be fetched (libcurl: \(reason))")))
            return
        }
        active[easy] = transfer
        activeByHost[job.host, default: 0] += 1
    }

    /// Hands every finished transfer's response to its caller; returns how many finished.
    private func finishCompletedTransfers() -> Int {
        var finished = 0
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = active.removeValue(forKey: easy) else { continue }
            let result = ccurl_msg_result(message)
            curl_multi_remove_handle(multi, easy)
            let response = transfer.response(result: result)
            release(easy, host: transfer.job.host)
            transfer.job.complete(response)
            finished += 1
        }
        return finished
    }

    private func abandon(_ batches: Set<UInt64>) {
        var dropped = fresh.extract { batches.contains($0.batch) }
        for host in Array(waitingByHost.keys) {
            dropped += waitingByHost[host]?.extract { batches.contains($0.batch) } ?? []
            if waitingByHost[host]?.isEmpty == true { waitingByHost[host] = nil }
        }
        for (easy, transfer) in active where batches.contains(transfer.job.batch) {
            active[easy] = nil
            curl_multi_remove_handle(multi, easy)
            release(easy, host: transfer.job.host)
            dropped.append(transfer.job)
        }
        for job in dropped { job.complete(job.cancelledResponse) }
    }

    private func release(_ easy: OpaquePointer, host: String) {
        curl_easy_reset(easy)
        idleHandles.append(easy)
        let remaining = activeByHost[host, default: 1] - 1
        activeByHost[host] = remaining == 0 ? nil : remaining
        if waitingByHost[host]?.isEmpty == false { hostsWithRoom.append(host) }
    }
}

/// Names the calling thread for ps/top/gdb (Foundation's `Thread.name` does not reach the kernel on Linux).
private func nameCurrentThread(_ name: String) {
    try? Data(name.utf8.prefix(15)).write(to: URL(fileURLWithPath: "/proc/thread-self/comm"))
}
