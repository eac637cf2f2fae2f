import Foundation
import Glibc

/// file:// requests are read directly (libcurl only ever speaks http and https for us), with the same size cap.
enum LocalFileFetch {
    static func isFileURL(_ url: String) -> Bool {
        url.prefix(7).lowercased() == "file://"
    }

    /// The path of a file:// URL on this machine; also accepts unencoded paths such as `file:///tmp/a b.xml`.
    static func localPath(_ url: String) -> String? {
        if let parsed = URL(string: url), parsed.isFileURL {
            guard parsed.host == nil || parsed.host == "" || parsed.host == "localhost", !parsed.path.isEmpty else { return nil }
            return parsed.path
        }
        var rest = url.dropFirst("file://".count)
        if rest.lowercased().hasPrefix("localhost/") { rest = rest.dropFirst("localhost".count) }
        return rest.hasPrefix("/") ? String(rest) : nil
    }

    static func fetch(_ request: FetchRequest, options: FetchOptions) -> FetchResponse {
        let started = Date()
        func failure(_ error: FetchError) -> FetchResponse {
            FetchResponse(request: request, effectiveURL: request.url, error: error, duration: Date().timeIntervalSince(started))
        }
        guard options.allowFileURLs else { return failure(.unsupportedProtocol(url: request.url)) }
        guard let path = localPath(request.url) else {
            return failure(.fileUnreadable(path: request.url, reason: "not a local file URL (file:///absolute/path)"))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return failure(.fileUnreadable(path: path, reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return failure(.fileUnreadable(path: path, reason: String(cString: strerror(errno)))) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return failure(.fileUnreadable(path: path, reason: "it is a directory")) }
        if Int(info.st_size) > options.maxBodyBytes { return failure(.tooLarge(url: request.url, limit: options.maxBodyBytes)) }

        var body: [UInt8] = []
        body.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return failure(.fileUnreadable(path: path, reason: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            if body.count + n > options.maxBodyBytes { return failure(.tooLarge(url: request.url, limit: options.maxBodyBytes)) }
            body.append(contentsOf: chunk[0..<n])
        }
        return FetchResponse(request: request, body: body, effectiveURL: request.url, duration: Date().timeIntervalSince(started))
    }
}
