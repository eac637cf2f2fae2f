import Glibc

/// RFC 3986 reference resolution and the canonical form of article links.
enum URLTools {
    struct Parts {
        var scheme: Substring?
        var authority: Substring?
        var path: Substring
        var query: Substring?
        var fragment: Substring?
    }

    static func split(_ s: Substring) -> Parts {
        let u = s.utf8
        var rest = s
        var scheme: Substring?
        if let first = u.first, (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A {
            var i = u.startIndex
            while i < u.endIndex {
                let c = u[i]
                let ok = ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E
                if !ok { break }
                i = u.index(after: i)
            }
            if i < u.endIndex && u[i] == 0x3A {
                scheme = s[s.startIndex..<i]
                rest = s[u.index(after: i)...]
            }
        }
        var fragment: Substring?
        if let hash = rest.utf8.firstIndex(of: 0x23) { fragment = rest[rest.utf8.index(after: hash)...]; rest = rest[..<hash] }
        var query: Substring?
        if let q = rest.utf8.firstIndex(of: 0x3F) { query = rest[rest.utf8.index(after: q)...]; rest = rest[..<q] }
        var authority: Substring?
        if rest.utf8.starts(with: "//".utf8) {
            let after = rest[rest.utf8.index(rest.startIndex, offsetBy: 2)...]
            let end = after.utf8.firstIndex(of: 0x2F) ?? after.endIndex
            authority = after[..<end]
            rest = after[end...]
        }
        return Parts(scheme: scheme, authority: authority, path: rest, query: query, fragment: fragment)
    }

    static func join(_ p: Parts) -> String {
        var out = ""
        if let s = p.scheme { out += s; out += ":" }
        if let a = p.authority { out += "//"; out += a }
        out += p.path
        if let q = p.query { out += "?"; out += q }
        if let f = p.fragment { out += "#"; out += f }
        return out
    }

    static func removeDotSegments(_ path: Substring) -> String {
        guard path.contains(".") else { return String(path) }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let absolute = path.hasPrefix("/")
        for (index, seg) in segments.enumerated() {
            if index == 0 && absolute { continue }
            if seg == "." { if index == segments.count - 1 { output.append("") }; continue }
            if seg == ".." {
                if !output.isEmpty { output.removeLast() }
                if index == segments.count - 1 { output.append("") }
                continue
            }
            output.append(seg)
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    /// `reference` resolved against `base`; the reference unchanged when there is no usable base.
    static func resolve(_ reference: String, against base: String?) -> String {
        let ref = reference.trimmed()
        guard let base, !base.isEmpty else { return ref }
        if isPlainHTTPURL(ref) { return ref }
        if ref.isEmpty { return base }
        let r = split(Substring(ref))
        if r.scheme != nil { return ref }
        let b = split(Substring(base))
        guard b.scheme != nil else { return ref }
        var t = Parts(scheme: b.scheme, authority: nil, path: "", query: nil, fragment: r.fragment)
        if r.authority != nil {
            t.authority = r.authority; t.path = Substring(removeDotSegments(r.path)); t.query = r.query
        } else {
            t.authority = b.authority
            if r.path.isEmpty {
                t.path = b.path; t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = Substring(removeDotSegments(r.path))
                } else {
                    var merged: String
                    if b.authority != nil && b.path.isEmpty { merged = "/" + r.path }
                    else if let slash = b.path.lastIndex(of: "/") { merged = String(b.path[...slash]) + r.path }
                    else { merged = String(r.path) }
                    t.path = Substring(removeDotSegments(Substring(merged)))
                }
                t.query = r.query
            }
        }
        return join(t)
    }

    /// The length of a leading "http://" or "https://" (lowercase, as nearly every URL in a feed is written), or nil.
    static func httpPrefixLength(_ u: UnsafeBufferPointer<UInt8>) -> Int? {
        guard u.count >= 7, u[0] == 0x68, u[1] == 0x74, u[2] == 0x74, u[3] == 0x70 else { return nil }  // "http"
        let colon = u[4] == 0x73 ? 5 : 4  // "s"
        guard colon + 3 <= u.count, u[colon] == 0x3A, u[colon + 1] == 0x2F, u[colon + 2] == 0x2F else { return nil }  // "://"
        return colon + 3
    }

    /// Whether `s` starts with "http://" or "https://" and its path has no "." or ".." segment: already resolved.
    private static func isPlainHTTPURL(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            let n = u.count
            guard let pathStart = httpPrefixLength(u) else { return false }
            // Only the dots before any '?' or '#' matter: jump from one of those bytes to the next.
            var k = nextByte(in: u, from: pathStart, stoppingAt: .pathDotOrEnd)
            while k < n {
                if u[k] != 0x2E { return true }
                if u[k - 1] == 0x2F { return false }
                k = nextByte(in: u, from: k + 1, stoppingAt: .pathDotOrEnd)
            }
            return true
        }
    }

    /// Query parameters that only track the reader.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "twclid", "ttclid",
        "_hsenc", "_hsmi", "mkt_tok", "ocid", "ncid", "cmpid", "sr_share", "__twitter_impression", "wt_mc", "wt.mc_id",
        "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid", "s_cid", "_ga", "ref_src", "spm", "at_medium", "at_campaign",
    ]

    /// `link` without tracking parameters and fragment, with scheme and host lowercased.
    static func canonical(_ link: String) -> String {
        var link = link
        return link.withUTF8 { u in canonicalBytes(u) } ?? link
    }

    /// The canonical form of the URL in `u`, or nil when that is `u` unchanged (no allocation on that path).
    private static func canonicalBytes(_ u: UnsafeBufferPointer<UInt8>) -> String? {
        guard let source = u.baseAddress else { return nil }
        let n = nextByte(0x23, in: u, from: 0)  // the fragment goes
        // Written to a scratch buffer (at most n + 1 bytes: a root path may be added, nothing else grows).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 1) { scratch -> String? in
            var out = ScratchWriter(base: scratch.baseAddress!)
            // Lowercase scheme and host.
            var i = 0
            var colon = -1
            for k in 0..<n where u[k] == 0x3A { colon = k; break }
            var hasScheme = colon >= 0
            if hasScheme { for k in 0..<colon where !((u[k] | 0x20) >= 0x61 && (u[k] | 0x20) <= 0x7A) { hasScheme = false; break } }
            if hasScheme {
                var slashes = 0
                while i < n {
                    let c = u[i]
                    if c == 0x2F { slashes += 1; if slashes == 3 { break } }
                    else if c == 0x3F { break }
                    out.put(c >= 0x41 && c <= 0x5A ? c + 0x20 : c)
                    i += 1
                }
                if slashes == 2 { out.put(0x2F) }  // "http://host" or "http://host?q": add the root path
            }
            let q = min(nextByte(0x3F, in: u, from: i), n)
            out.put(source + i, count: q - i)
            if q < n {
                var kept = 0
                var start = q + 1
                while start <= n {
                    let end = min(nextByte(0x26, in: u, from: start), n)
                    if end > start {
                        var keyEnd = start
                        while keyEnd < end && u[keyEnd] != 0x3D { keyEnd += 1 }
                        if !isTrackingKey(UnsafeBufferPointer(rebasing: u[start..<keyEnd])) {
                            out.put(kept == 0 ? 0x3F : 0x26)
                            out.put(source + start, count: end - start)
                            kept += 1
                        }
                    }
                    start = end + 1
                }
            }
            if out.count == u.count && memcmp(out.base, source, u.count) == 0 { return nil }
            // Cut only at ASCII bytes and only ASCII letters lowercased: still the well-formed UTF-8 of a String.
            return String(utf8Bytes: UnsafeBufferPointer(start: out.base, count: out.count), knownWellFormed: true)
        }
    }

    /// Appends bytes to a scratch buffer the caller sized.
    private struct ScratchWriter {
        let base: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func put(_ byte: UInt8) { base[count] = byte; count += 1 }

        mutating func put(_ bytes: UnsafePointer<UInt8>, count length: Int) {
            guard length > 0 else { return }
            (base + count).update(from: bytes, count: length)
            count += length
        }
    }

    private static func isTrackingKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        if key.count >= 4 {
            if (key[0] | 0x20) == 0x75 && (key[1] | 0x20) == 0x74 && (key[2] | 0x20) == 0x6D && key[3] == 0x5F { return true }
        }
        guard key.count <= 24 else { return false }
        return trackingParameters.contains(String(decoding: key, as: UTF8.self).lowercased())
    }

    /// The URL's scheme, lowercased, if it has one.
    static func scheme(of url: String) -> String? {
        var name: [UInt8] = []
        for c in url.utf8 {
            if c <= 0x20 && name.isEmpty { continue }  // browsers skip leading blanks and controls
            if c == 0x09 || c == 0x0A || c == 0x0D { continue }  // and tabs/newlines inside the scheme
            if c == 0x3A { break }
            let ok = ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || (name.count > 0 && ((c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E))
            if !ok || name.count > 32 { return nil }
            name.append(c | 0x20)
        }
        guard !name.isEmpty, name.count < url.utf8.count else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing blanks (space, tab, CR, LF); itself when there are none.
    func trimmed() -> String {
        @inline(__always) func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
        var s = self
        let result: String? = s.withUTF8 { u in
            guard let first = u.first, let last = u.last, isBlank(first) || isBlank(last) else { return nil }
            var start = 0, end = u.count
            while start < end, isBlank(u[start]) { start += 1 }
            while end > start, isBlank(u[end - 1]) { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: u[start..<end]), as: UTF8.self)
        }
        return result ?? self
    }

    /// The string without leading and trailing characters from `set` (ASCII only).
    func trimmed(_ set: String) -> String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        let blanks = set.utf8
        if !blanks.contains(first) && !blanks.contains(last) { return self }
        var start = u.startIndex, end = u.endIndex
        while start < end, blanks.contains(u[start]) { start = u.index(after: start) }
        while end > start, blanks.contains(u[u.index(before: end)]) { end = u.index(before: end) }
        return String(self[start..<end])
    }
}
