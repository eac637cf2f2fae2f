import Foundation

/// Helpers shared by the test targets: temporary folders and real servers on loopback.
public enum TestPaths {
    /// A fresh temporary directory for one test.
    public static func temporaryDirectory(_ name: String = "newswatch-test") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
