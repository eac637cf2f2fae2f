import Foundation
import Testing
import TestSupport
import Fetch

@Suite("Single-instance lock")
struct SingleInstanceLockTests {
    @Test func aSecondHolderIsRefusedUntilTheFirstReleases() throws {
        let dir = try TestPaths.temporaryDirectory()
        let path = SingleInstanceLock.path(forDatabase: dir.appendingPathComponent("newswatch.db").path)
        #expect(path.hasSuffix("newswatch.db.lock"))
        var first = try SingleInstanceLock.tryAcquire(path: path)
        #expect(first != nil)
        #expect(try SingleInstanceLock.tryAcquire(path: path) == nil)
        first = nil
        #expect(try SingleInstanceLock.tryAcquire(path: path) != nil)
    }

    @Test func anotherProcessSeesTheLock() throws {
        let dir = try TestPaths.temporaryDirectory()
        let path = dir.appendingPathComponent("db.lock").path
        let held = try SingleInstanceLock.tryAcquire(path: path)
        #expect(held != nil)
        func otherProcessCanLock() throws -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", "import fcntl,sys\nf=open(sys.argv[1],'a')\ntry:\n fcntl.flock(f, fcntl.LOCK_EX|fcntl.LOCK_NB)\nexcept OSError:\n sys.exit(3)", path]
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
        #expect(try !otherProcessCanLock())
        withExtendedLifetime(held) {}
    }

    @Test func anUnopenableLockFileIsAnError() throws {
        #expect(throws: SingleInstanceLock.OpenError.self) {
            _ = try SingleInstanceLock.tryAcquire(path: "/nonexistent-dir/newswatch.db.lock")
        }
    }
}
