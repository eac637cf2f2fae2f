import Glibc

/// An exclusive advisory lock (flock) on a file beside the database, so a second overlapping `run`
/// can exit at once. The lock is held until `release()` or until the value is freed (or the process dies).
public final class SingleInstanceLock: Sendable {
    /// The lock file used for a database: `DB.lock`.
    public static func path(forDatabase database: String) -> String { database + ".lock" }

    public struct OpenError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot open the lock file \(path): \(reason)" }
    }

    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path; self.descriptor = descriptor
    }

    /// The lock, or nil when another process (or another holder in this one) has it.
    /// Throws when the lock file cannot be created or opened.
    public static func tryAcquire(path: String) throws(OpenError) -> SingleInstanceLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OpenError(path: path, reason: String(cString: strerror(errno))) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let failure = errno
            close(fd)
            if failure == EWOULDBLOCK { return nil }
            throw OpenError(path: path, reason: String(cString: strerror(failure)))
        }
        return SingleInstanceLock(path: path, descriptor: fd)
    }

    /// Releases the lock (closing the descriptor drops the flock).
    deinit { close(descriptor) }
}
