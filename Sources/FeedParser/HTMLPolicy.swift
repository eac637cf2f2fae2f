import Foundation

/// What the sanitizer keeps.
enum HTMLPolicy {
    struct ElementInfo {
        let name: String
        /// The packed name (0 for names longer than 8 bytes), for cheap comparisons.
        let key: UInt64
        let isAllowed: Bool, isVoid: Bool, isDropped: Bool, isBlock: Bool, isRawText: Bool, closesP: Bool
        init(_ name: String) {
            self.name = name
            key = HTMLPolicy.pack(name) ?? 0
            isAllowed = allowedElements.contains(name); isVoid = voidElements.contains(name)
            isDropped = droppedWithContent.contains(name); isBlock = blockElements.contains(name)
            isRawText = rawTextElements.contains(name); closesP = closesParagraph.contains(name)
        }
    }

    /// The lowercased ASCII name packed into an integer (names of up to 8 bytes), for cheap lookups.
    static func pack(_ s: String) -> UInt64? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { packedName($0, 0, $0.count) }
    }

    private static let knownElements: [UInt64: ElementInfo] = {
        var table: [UInt64: ElementInfo] = [:]
        for name in allowedElements.union(voidElements).union(droppedWithContent).union(blockElements).union(rawTextElements) {
            if let key = pack(name) { table[key] = ElementInfo(name) }
        }
        return table
    }()

    /// The allowlisted attribute names, sorted: attributes ordered by index are ordered by name. At most 128 (the
    /// sanitizer marks the attributes a tag already had in two 64-bit masks).
    static let attributeNames: [String] = {
        let names = allowedAttributes.sorted()
        precondition(names.count <= 128, "the sanitizer's attribute masks hold 128 attributes")
        return names
    }()
    /// Per attribute index: whether its value is a URL.
    static let attributeIsURL: [Bool] = attributeNames.map { urlAttributes.contains($0) }
    static let styleAttribute = attributeNames.firstIndex(of: "style")!
    static let relAttribute = attributeNames.firstIndex(of: "rel")!
    static let typeAttribute = attributeNames.firstIndex(of: "type")!

    /// Attribute indices by packed name (names of up to 8 bytes) and by name (longer ones).
    private static let attributeIndexByKey: [UInt64: Int] = {
        var table: [UInt64: Int] = [:]
        for (index, name) in attributeNames.enumerated() { if let key = pack(name) { table[key] = index } }
        return table
    }()
    private static let attributeIndexByName: [String: Int] =
        Dictionary(uniqueKeysWithValues: attributeNames.enumerated().map { ($0.element, $0.offset) })

    /// Whether two elements have the same name.
    @inline(__always) static func same(_ a: ElementInfo, _ b: ElementInfo) -> Bool {
        a.key != 0 || b.key != 0 ? a.key == b.key : a.name == b.name
    }

    /// Packs the lowercased ASCII name `s[start..<end]` (up to 8 bytes).
    @inline(__always) static func packedName(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        guard end - start <= 8, end > start else { return nil }
        var v: UInt64 = 0
        for k in start..<end {
            var c = s[k]
            if c >= 0x80 { return nil }
            if c >= 0x41 && c <= 0x5A { c += 0x20 }
            v |= UInt64(c) << (8 * UInt64(k - start))
        }
        return v
    }

    /// `knownElements` as an open-addressing table (packed name -> slot), cheaper to probe than a Dictionary.
    private static let elementSlots: (keys: [UInt64], infos: [ElementInfo?]) = {
        var keys = [UInt64](repeating: 0, count: 512), infos = [ElementInfo?](repeating: nil, count: 512)
        for (key, info) in knownElements {
            var slot = elementSlot(key)
            while keys[slot] != 0 { slot = (slot + 1) & 511 }
            keys[slot] = key; infos[slot] = info
        }
        return (keys, infos)
    }()

    // The two halves as separate globals: reading an element of one does not copy (retain) the tuple.
    private static let elementKeys = elementSlots.keys
    private static let elementInfos = elementSlots.infos

    @inline(__always) private static func elementSlot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 55) }

    static func element(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> ElementInfo {
        if let key = packedName(s, start, end) {
            var slot = elementSlot(key)
            while elementKeys[slot] != 0 {
                if elementKeys[slot] == key, let info = elementInfos[slot] { return info }
                slot = (slot + 1) & 511
            }
        }
        return ElementInfo(String(decoding: UnsafeBufferPointer(rebasing: s[start..<end]), as: UTF8.self).lowercased())
    }

    /// The index in `attributeNames` of the attribute named `s[start..<end]` (ASCII case-insensitive), if it is allowed.
    static func allowedAttributeIndex(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        if let key = packedName(s, start, end) { return attributeIndexByKey[key] }
        let name = String(decoding: UnsafeBufferPointer(rebasing: s[start..<end]), as: UTF8.self).lowercased()
        return attributeIndexByName[name]
    }

    /// Elements whose content is raw text up to their end tag.
    static let rawTextElements: Set<String> = ["script", "style", "iframe", "noembed", "noframes", "xmp", "textarea", "title", "plaintext"]
    /// Start tags that close an open <p>.
    static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "menu", "nav", "ol",
        "p", "pre", "section", "table", "ul",
    ]

    static let allowedElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br", "canvas",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl",
        "dt", "em", "fieldset", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "i", "img", "ins", "kbd", "label", "legend", "li", "map", "mark", "menu", "meter", "nav", "noscript", "ol", "p",
        "picture", "pre", "progress", "q", "s", "samp", "section", "small", "source", "span", "strike", "strong", "sub",
        "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
    ]
    static let droppedWithContent: Set<String> = [
        "script", "style", "applet", "iframe", "object", "embed", "form", "noembed", "noframes", "frameset", "frame",
        "title", "head", "template", "svg", "math", "textarea", "select", "button", "input", "xml",
    ]
    static let voidElements: Set<String> = [
        "area", "br", "col", "hr", "img", "input", "source", "wbr", "track", "param", "embed", "keygen", "basefont",
    ]
    static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td",
        "th", "dd", "dt", "dl", "section", "article", "header", "footer", "hr", "figure", "figcaption", "address", "aside",
        "nav", "caption",
    ]
    static let allowedAttributes: Set<String> = [
        "abbr", "accept", "accesskey", "align", "alt", "axis", "bgcolor", "border", "cellpadding", "cellspacing", "char",
        "charoff", "charset", "cite", "class", "clear", "color", "cols", "colspan", "compact", "controls", "coords",
        "datetime", "dir", "disabled", "face", "headers", "height", "href", "hreflang", "hspace", "id", "ismap", "label",
        "lang", "longdesc", "loop", "media", "name", "nohref", "noshade", "nowrap", "poster", "preload", "rel", "rev",
        "rows", "rowspan", "rules", "scope", "shape", "size", "span", "src", "start", "style", "summary", "tabindex",
        "target", "title", "type", "usemap", "valign", "value", "vspace", "width", "xml:lang", "srcset", "sizes",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite", "longdesc", "usemap", "poster", "background", "action", "srcset"]
    static let safeSchemes: Set<String> = [
        "http", "https", "ftp", "ftps", "mailto", "news", "nntp", "irc", "ircs", "feed", "magnet", "tel", "sip", "sips",
        "gopher", "rtsp", "mms", "sftp", "ssh", "git", "svn", "xmpp", "webcal", "geo", "sms", "itms", "file",
    ]

    /// The URL, or an empty string when its scheme could run code (javascript:, vbscript:, data: but images).
    static func safeURL(_ url: String, element: String, attribute: String) -> String {
        // The common case ("http://" or "https://"), decided on the bytes without building the scheme.
        var bytes = url
        if bytes.withUTF8({ URLTools.httpPrefixLength($0) }) != nil { return url }
        guard let scheme = URLTools.scheme(of: url) else { return url }
        if safeSchemes.contains(scheme) { return url }
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        if scheme == "data" && (element == "img" || element == "source") && compact.hasPrefix("data:image/")
            && !compact.hasPrefix("data:image/svg") { return url }
        return ""
    }
}

/// Keeps only simple, allowlisted CSS declarations (no url(), expressions or escapes).
enum CSSSanitizer {
    static let properties: Set<String> = [
        "background-color", "border-collapse", "border-color", "border-style", "border-width", "clear", "color", "cursor",
        "direction", "display", "float", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight",
        "height", "letter-spacing", "line-height", "margin", "margin-bottom", "margin-left", "margin-right", "margin-top",
        "padding", "padding-bottom", "padding-left", "padding-right", "padding-top", "text-align", "text-decoration",
        "text-indent", "vertical-align", "white-space", "width", "border", "border-bottom", "border-left", "border-right",
        "border-top", "list-style-type",
    ]

    static func sanitize(_ input: String) -> String? {
        // url(...) values never survive; drop them before judging the rest.
        var style = input
        while let r = style.range(of: "url(", options: .caseInsensitive) {
            let close = style[r.upperBound...].firstIndex(of: ")") ?? style.endIndex
            style.replaceSubrange(r.lowerBound..<(close == style.endIndex ? close : style.index(after: close)), with: " ")
        }
        let lower = style.lowercased()
        if lower.contains("expression") || lower.contains("\\") || lower.contains("javascript") || lower.contains("vbscript")
            || lower.contains("behavior") || lower.contains("/*") || lower.contains("@import") || lower.contains("<") { return nil }
        var clean: [String] = []
        for declaration in style.split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let property = parts[0].trimmingPrefixAndSuffixSpaces().lowercased()
            let value = parts[1].trimmingPrefixAndSuffixSpaces()
            guard !value.isEmpty, properties.contains(property), !value.lowercased().contains("url("),
                  value.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39) || " #%.,-'\"()!".unicodeScalars.contains($0) })
            else { continue }
            clean.append("\(property): \(value);")
        }
        return clean.isEmpty ? nil : clean.joined(separator: " ")
    }
}

extension Substring {
    func trimmingPrefixAndSuffixSpaces() -> String { String(self).trimmed() }
}
