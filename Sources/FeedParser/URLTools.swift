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
        var rest = s
        var scheme: Substring?
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            let isLetter: (Unicode.Scalar) -> Bool = { ($0.value >= 0x41 && $0.value <= 0x5A) || ($0.value >= 0x61 && $0.value <= 0x7A) }
            if let f = candidate.unicodeScalars.first, isLetter(f),
               candidate.unicodeScalars.allSatisfy({ isLetter($0) || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "+" || $0 == "-" || $0 == "." }) {
                scheme = candidate
                rest = rest[rest.index(after: colon)...]
            }
        }
        var fragment: Substring?
        if let hash = rest.firstIndex(of: "#") { fragment = rest[rest.index(after: hash)...]; rest = rest[..<hash] }
        var query: Substring?
        if let q = rest.firstIndex(of: "?") { query = rest[rest.index(after: q)...]; rest = rest[..<q] }
        var authority: Substring?
        if rest.hasPrefix("//") {
            let after = rest.dropFirst(2)
            let end = after.firstIndex(of: "/") ?? after.endIndex
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

    /// Query parameters that only track the reader.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "twclid", "ttclid",
        "_hsenc", "_hsmi", "mkt_tok", "ocid", "ncid", "cmpid", "sr_share", "__twitter_impression", "wt_mc", "wt.mc_id",
        "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid", "s_cid", "_ga", "ref_src", "spm", "at_medium", "at_campaign",
    ]

    /// `link` without tracking parameters and fragment, with scheme and host lowercased.
    static func canonical(_ link: String) -> String {
        var p = split(Substring(link))
        p.fragment = nil
        if let s = p.scheme { p.scheme = Substring(s.lowercased()) }
        if let a = p.authority { p.authority = Substring(a.lowercased()) }
        if let q = p.query {
            let kept = q.split(separator: "&").filter { pair in
                let key = (pair.split(separator: "=", maxSplits: 1).first ?? "").lowercased()
                return !(key.hasPrefix("utm_") || trackingParameters.contains(key)) && !pair.isEmpty
            }
            p.query = kept.isEmpty ? nil : Substring(kept.joined(separator: "&"))
        }
        if p.authority != nil && p.path.isEmpty { p.path = "/" }
        return join(p)
    }

    /// The URL's scheme, lowercased, if it has one.
    static func scheme(of url: String) -> String? {
        split(Substring(url)).scheme.map { $0.lowercased() }
    }
}

extension String {
    func trimmed(_ set: String = " \t\r\n") -> String {
        let chars = Set(set.unicodeScalars)
        var s = Substring(self)
        while let f = s.unicodeScalars.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.unicodeScalars.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
