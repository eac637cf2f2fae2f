import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock beside the database, so two overlapping cron passes never fetch or alert twice.
/// Held until the object is released or the process exits (the kernel drops it even after a crash).
public final class PassLock {
    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) { self.descriptor = descriptor; self.path = path }

    /// Takes the lock for the database at `databasePath`, or returns nil at once when another process holds it.
    public static func tryAcquire(databasePath: String) throws(NewsWatchError) -> PassLock? {
        let path = databasePath + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw NewsWatchError("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            return nil
        }
        return PassLock(descriptor: fd, path: path)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// An error of the pipeline or a command, as one line for the user.
public struct NewsWatchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
