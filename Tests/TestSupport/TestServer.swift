import Foundation
import Glibc
import Synchronization

/// A helper server process (a Python script in Tests/TestSupport/Servers/) listening on a free 127.0.0.1 port.
///
/// The script is run as `python SCRIPT --port N ARGUMENTS...` and must listen on 127.0.0.1:N;
/// `start` returns once that port accepts connections. The process is killed by `stop()`, when the
/// value is released, or at the latest when the test process exits.
///
///     let server = try TestServer.start(script: "fault_http_server.py")
///     defer { server.stop() }
///     let url = server.baseURL + "/feed"
///
/// Scripts should also exit when their parent process disappears (see fault_http_server.py), so a
/// crashed test run leaves nothing behind.
public final class TestServer: Sendable {
    public let port: UInt16
    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let pid: Int32

    public enum StartError: Error, CustomStringConvertible {
        case scriptMissing(String)
        case exited(script: String, status: Int32)
        case notListening(script: String, port: UInt16, seconds: Double)
        public var description: String {
            switch self {
            case .scriptMissing(let path): return "test server script \(path) does not exist"
            case .exited(let script, let status): return "test server \(script) exited with status \(status) before listening"
            case .notListening(let script, let port, let seconds): return "test server \(script) did not listen on 127.0.0.1:\(port) within \(seconds) s"
            }
        }
    }

    /// Starts `script` (a file name in Tests/TestSupport/Servers/, or an absolute path) and waits until its port is ready.
    public static func start(script: String, arguments: [String] = [], python: String = "/usr/bin/python3",
                             port fixedPort: UInt16? = nil, readyWithin seconds: Double = 15) throws -> TestServer {
        let path = script.hasPrefix("/") ? script : serversDirectory.appendingPathComponent(script).path
        guard FileManager.default.fileExists(atPath: path) else { throw StartError.scriptMissing(path) }
        let port = try fixedPort ?? TestPorts.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [path, "--port", String(port)] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = TestServer(port: port, pid: process.processIdentifier)
        let deadline = Date().addingTimeInterval(seconds)
        while !TestPorts.accepts(port) {
            if !process.isRunning {
                throw StartError.exited(script: script, status: process.terminationStatus)
            }
            if Date() > deadline {
                server.stop()
                throw StartError.notListening(script: script, port: port, seconds: seconds)
            }
            usleep(20_000)
        }
        return server
    }

    private init(port: UInt16, pid: Int32) {
        self.port = port; self.pid = pid
        RunningServers.add(pid)
    }

    deinit { stop() }

    /// Kills the server process (idempotent).
    public func stop() {
        guard RunningServers.remove(pid) else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// Tests/TestSupport/Servers, from the resource bundle or, failing that, beside this source file.
    public static var serversDirectory: URL {
        if let bundled = Bundle.module.resourceURL?.appendingPathComponent("Servers"),
           FileManager.default.fileExists(atPath: bundled.path) {
            return bundled
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Servers")
    }
}

/// Every server still running, killed when the test process exits.
private enum RunningServers {
    static let pids = Mutex<Set<Int32>>([])
    static let exitHook: Void = { atexit { RunningServers.killAll() } }()

    static func add(_ pid: Int32) {
        _ = exitHook
        _ = pids.withLock { $0.insert(pid) }
    }
    static func remove(_ pid: Int32) -> Bool {
        pids.withLock { $0.remove(pid) != nil }
    }
    static func killAll() {
        for pid in pids.withLock({ $0 }) { kill(pid, SIGKILL) }
    }
}

/// Loopback ports for tests.
public enum TestPorts {
    public struct PortError: Error, CustomStringConvertible {
        public let description: String
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's choice of a free port).
    public static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PortError(description: "socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw PortError(description: "bind() failed: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Whether something accepts TCP connections on 127.0.0.1:port.
    public static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
