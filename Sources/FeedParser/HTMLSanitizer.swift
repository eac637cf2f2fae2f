/// Turns an HTML fragment into sanitized HTML plus a plain-text rendering, in one pass over the bytes:
/// a small HTML tokenizer (entities, attributes with or without quotes, comments, raw-text elements) that
/// writes only allowlisted elements and attributes, drops script-like elements with their contents, empties
/// unsafe URLs, resolves relative ones, and balances tags (implied ends of p/li/td..., misnested ends closed).
/// Not thread-safe: one instance per parser.
final class HTMLSanitizer {
    struct Output { var html: String; var text: String }

    // Used by one sanitize call at a time: no runtime exclusivity checks.
    @exclusivity(unchecked) private var html = ByteBuffer(capacity: 8192)
    @exclusivity(unchecked) private var text = ByteBuffer(capacity: 8192)
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    @exclusivity(unchecked) private var attributes: [(index: Int, value: String)] = []
    @exclusivity(unchecked) private var open: [HTMLPolicy.ElementInfo] = []

    init() {}

    /// Sanitizes `fragment`, resolving relative URLs against `base`.
    func sanitize(_ fragment: ArraySlice<UInt8>, base: String?) -> Output {
        fragment.withUnsafeBufferPointer { sanitize($0, base: base) }
    }

    /// Sanitizes `fragment`, resolving relative URLs against `base`.
    func sanitize(_ fragment: UnsafeBufferPointer<UInt8>, base: String?) -> Output {
        // Checked once here: the HTML and text made from it keep whole characters (see `String(utf8Bytes:)`).
        let wellFormed = isWellFormedUTF8(fragment)
        if nextByte(in: fragment, from: 0, stoppingAt: .textDelimiters) == fragment.count {
            return Output(html: String(utf8Bytes: fragment, knownWellFormed: wellFormed).trimmed(),
                          text: collapseWhitespace(fragment, knownWellFormed: wellFormed))
        }
        run(fragment, base: base, plainTextOnly: false)
        let html = self.html.withUnsafeBufferPointer { html in
            var start = 0, end = html.count
            while start < end, isSpace(html[start]) { start += 1 }
            while end > start, isSpace(html[end - 1]) { end -= 1 }
            return String(utf8Bytes: UnsafeBufferPointer(rebasing: html[start..<end]), knownWellFormed: wellFormed)
        }
        return Output(html: html, text: text.withUnsafeBufferPointer { collapseWhitespace($0, knownWellFormed: wellFormed) })
    }

    /// The plain text of an HTML fragment: entities decoded, markup removed, whitespace collapsed.
    func plainText(_ fragment: ArraySlice<UInt8>) -> String {
        fragment.withUnsafeBufferPointer { plainText($0) }
    }

    /// The plain text of an HTML fragment: entities decoded, markup removed, whitespace collapsed.
    func plainText(_ fragment: UnsafeBufferPointer<UInt8>) -> String {
        let wellFormed = isWellFormedUTF8(fragment)
        if nextByte(in: fragment, from: 0, stoppingAt: .markupStarts) == fragment.count {
            return collapseWhitespace(fragment, knownWellFormed: wellFormed)
        }
        run(fragment, base: nil, plainTextOnly: true)
        return text.withUnsafeBufferPointer { collapseWhitespace($0, knownWellFormed: wellFormed) }
    }

    private func run(_ fragment: UnsafeBufferPointer<UInt8>, base: String?, plainTextOnly: Bool) {
        html.removeAll(); text.removeAll()
        open.removeAll(keepingCapacity: true)
        var tokenizer = Tokenizer(s: fragment, base: base, emitHTML: !plainTextOnly)
        tokenizer.run(out: &html, txt: &text, open: &open, scratch: &scratch, attributes: &attributes)
    }
}

/// Elements a start tag implicitly ends, and the elements that stop the search (as packed names).
private enum ImpliedEnd {
    static func keys(_ names: [String]) -> [UInt64] { names.map { HTMLPolicy.pack($0)! } }
    // Packed names (little-endian bytes, as `HTMLPolicy.pack` makes them), as literals: no lazy global to read.
    static let liKey: UInt64 = 0x696C, dtKey: UInt64 = 0x7464, ddKey: UInt64 = 0x6464
    static let trKey: UInt64 = 0x7274, tdKey: UInt64 = 0x6474, thKey: UInt64 = 0x6874
    static let p = keys(["p"]), pStoppers = keys(["table", "td", "th", "li", "div", "section", "article"]) + [0]
    static let li = [liKey], liStoppers = keys(["ul", "ol", "menu", "dir"])
    static let dtdd = [dtKey, ddKey], dlStoppers = keys(["dl"])
    static let tr = [trKey], trStoppers = keys(["table", "tbody", "thead", "tfoot"])
    static let cell = [tdKey, thKey], cellStoppers = keys(["tr", "table"])
    static let legacyNames: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]
}

private struct Tokenizer {
    let s: UnsafeBufferPointer<UInt8>
    let base: String?
    let emitHTML: Bool
    var i = 0

    init(s: UnsafeBufferPointer<UInt8>, base: String?, emitHTML: Bool) { self.s = s; self.base = base; self.emitHTML = emitHTML }

    @inline(__always) static func isNameByte(_ c: UInt8) -> Bool {
        !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x2F || c == 0x3E || c == 0x3D)
    }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    mutating func run(out: inout ByteBuffer, txt: inout ByteBuffer, open: inout [HTMLPolicy.ElementInfo], scratch: inout [UInt8],
                      attributes: inout [(index: Int, value: String)]) {
        let n = s.count
        while i < n {
            let c = s[i]
            if c == 0x3C {
                tag(out: &out, txt: &txt, open: &open, scratch: &scratch, attributes: &attributes)
            } else if c == 0x26 {
                i += 1
                let (a, b) = decodeEntity()
                appendScalar(a, out: &out, txt: &txt)
                if b != 0 { appendScalar(b, out: &out, txt: &txt) }
            } else {
                let start = i
                i = nextByte(in: s, from: i, stoppingAt: .textDelimiters)
                txt.append(contentsOf: UnsafeBufferPointer(rebasing: s[start..<i]))
                if emitHTML && i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: s[start..<i])) }
                if i < n && s[i] == 0x3E {
                    txt.append(0x3E)
                    if emitHTML { out.appendASCII("&gt;") }
                    i += 1
                }
            }
        }
        if emitHTML { while let e = open.popLast() { closeTag(e, &out) } }
    }

    @inline(__always) func appendText<C: Collection>(_ bytes: C, _ txt: inout ByteBuffer) where C.Element == UInt8 {
        txt.append(contentsOf: bytes)
    }

    @inline(__always) func appendScalar(_ v: UInt32, out: inout ByteBuffer, txt: inout ByteBuffer) {
        appendUTF8(v, to: &txt)
        guard emitHTML else { return }
        switch v {
        case 0x26: out.appendASCII("&amp;")
        case 0x3C: out.appendASCII("&lt;")
        case 0x3E: out.appendASCII("&gt;")
        default: appendUTF8(v, to: &out)
        }
    }

    /// Decodes the reference after a `&` (already consumed). A lone `&` stays a `&`.
    mutating func decodeEntity() -> (UInt32, UInt32) {
        let n = s.count
        if i < n && s[i] == 0x23 {
            var j = i + 1
            var hex = false
            if j < n && (s[j] | 0x20) == 0x78 { hex = true; j += 1 }
            let digitsStart = j
            var v: UInt32 = 0
            while j < n, j - digitsStart < 8 {
                let d = s[j]
                if d >= 0x30 && d <= 0x39 { v = v * (hex ? 16 : 10) + UInt32(d - 0x30) }
                else if hex && (d | 0x20) >= 0x61 && (d | 0x20) <= 0x66 { v = v * 16 + UInt32((d | 0x20) - 0x61 + 10) }
                else { break }
                j += 1
            }
            guard j > digitsStart else { return (0x26, 0) }
            if j < n && s[j] == 0x3B { j += 1 }
            i = j
            if v >= 0x80 && v < 0xA0 { return (windows1252Scalar(UInt8(v)), 0) }
            if v == 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000) { return (0xFFFD, 0) }
            return (v, 0)
        }
        var j = i
        while j < n, j - i < 32, (s[j] | 0x20) >= 0x61 && (s[j] | 0x20) <= 0x7A || (s[j] >= 0x30 && s[j] <= 0x39) { j += 1 }
        guard j > i else { return (0x26, 0) }
        if j - i <= 8 && j < n && s[j] == 0x3B {
            var key: UInt64 = 0
            for k in i..<j { key |= UInt64(s[k]) << (8 * UInt64(k - i)) }
            if let scalar = HTMLEntities.commonScalar(packed: key) { i = j + 1; return (scalar, 0) }
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: s[i..<j]), as: UTF8.self)
        let terminated = j < n && s[j] == 0x3B
        if let scalars = HTMLEntities.scalars(named: name),
           terminated || ImpliedEnd.legacyNames.contains(name) {
            i = terminated ? j + 1 : j
            return scalars
        }
        return (0x26, 0)
    }

    func closeTag(_ element: HTMLPolicy.ElementInfo, _ out: inout ByteBuffer) {
        out.append(0x3C); out.append(0x2F); appendName(element, &out); out.append(0x3E)
    }

    /// Appends the element's name, from its packed form when it has one (no String access).
    @inline(__always) func appendName(_ element: HTMLPolicy.ElementInfo, _ out: inout ByteBuffer) {
        guard element.key != 0 else { out.append(contentsOf: element.name.utf8); return }
        out.append(packedName: element.key)
    }

    /// Closes open elements down to and including the last one named `name` (if any is open below a stopper).
    func closeOpen(_ names: [UInt64], stoppers: [UInt64], _ open: inout [HTMLPolicy.ElementInfo], _ out: inout ByteBuffer) {
        guard let index = open.lastIndex(where: { names.contains($0.key) || stoppers.contains($0.key) }),
              names.contains(open[index].key) else { return }
        while open.count > index { let e = open.removeLast(); if emitHTML { closeTag(e, &out) } }
    }

    /// - Parameter attributes: scratch space for a start tag's kept attributes (attribute index, value).
    mutating func tag(out: inout ByteBuffer, txt: inout ByteBuffer, open: inout [HTMLPolicy.ElementInfo], scratch: inout [UInt8],
                      attributes: inout [(index: Int, value: String)]) {
        let n = s.count
        let lt = i
        guard i + 1 < n else { literalLessThan(&out, &txt); return }
        let next = s[i + 1]
        if next == 0x21 {  // <!-- comment --> or <!...>
            if i + 3 < n && s[i + 2] == 0x2D && s[i + 3] == 0x2D {
                var j = i + 4
                while j + 2 < n, !(s[j] == 0x2D && s[j + 1] == 0x2D && s[j + 2] == 0x3E) { j += 1 }
                i = j + 2 < n ? j + 3 : n
            } else {
                skipPast(0x3E)
            }
            return
        }
        if next == 0x3F { skipPast(0x3E); return }
        let isEnd = next == 0x2F
        let nameStart = isEnd ? i + 2 : i + 1
        guard nameStart < n, Tokenizer.isLetter(s[nameStart]) else {
            if isEnd { skipPast(0x3E) } else { literalLessThan(&out, &txt) }
            return
        }
        var j = nameStart
        while j < n, Tokenizer.isNameByte(s[j]) { j += 1 }
        let info = HTMLPolicy.element(s, nameStart, j)
        i = j
        if isEnd {
            skipPast(0x3E)
            if info.isBlock { txt.append(0x20) }
            guard !info.isVoid, let index = open.lastIndex(where: { HTMLPolicy.same($0, info) }) else { return }
            while open.count > index { let e = open.removeLast(); if emitHTML { closeTag(e, &out) } }
            return
        }
        // Start tag: attributes (written sorted by name, as feedparser does).
        if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
        var seenLow: UInt64 = 0, seenHigh: UInt64 = 0  // attribute indices already met (the first one counts)
        let wantAttributes = emitHTML && info.isAllowed
        var selfClosing = false
        while i < n {
            while i < n, isSpace(s[i]) || s[i] == 0x2F { if s[i] == 0x2F { selfClosing = true }; i += 1 }
            guard i < n else { break }
            if s[i] == 0x3E { i += 1; break }
            selfClosing = false
            let keyStart = i
            i += 1
            while i < n, Tokenizer.isNameByte(s[i]) { i += 1 }
            let keyEnd = i
            while i < n, isSpace(s[i]) { i += 1 }
            var valueStart = -1, valueEnd = -1
            if i < n && s[i] == 0x3D {
                i += 1
                while i < n, isSpace(s[i]) { i += 1 }
                if i < n && (s[i] == 0x22 || s[i] == 0x27) {
                    let quote = s[i]
                    i += 1
                    valueStart = i
                    i = nextByte(quote, in: s, from: i)
                    valueEnd = i
                    if i < n { i += 1 }
                } else {
                    valueStart = i
                    while i < n, !isSpace(s[i]), s[i] != 0x3E { i += 1 }
                    valueEnd = i
                }
            }
            guard wantAttributes, let index = HTMLPolicy.allowedAttributeIndex(s, keyStart, keyEnd) else { continue }
            let bit = UInt64(1) << UInt64(index & 63)
            if index < 64 {
                guard seenLow & bit == 0 else { continue }
                seenLow |= bit
            } else {
                guard seenHigh & bit == 0 else { continue }
                seenHigh |= bit
            }
            let key = HTMLPolicy.attributeNames[index]
            var value: String
            if valueStart < 0 { value = key }
            else { value = decodeAttribute(valueStart, valueEnd, &scratch) }
            if index == HTMLPolicy.styleAttribute {
                guard let clean = CSSSanitizer.sanitize(value) else { continue }
                value = clean
            } else if HTMLPolicy.attributeIsURL[index] {
                value = HTMLPolicy.safeURL(value, element: info.name, attribute: key)
                if !value.isEmpty { value = URLTools.resolve(value, against: base) }
            }
            if index == HTMLPolicy.relAttribute || index == HTMLPolicy.typeAttribute { value = value.lowercased() }
            attributes.append((index, value))
        }
        _ = lt
        if info.isRawText || info.isDropped {
            if !info.isVoid && !selfClosing { skipElementContent(info) }
            if info.isBlock { txt.append(0x20) }
            return
        }
        // Implied end tags.
        if info.closesP, !open.isEmpty { closeOpen(ImpliedEnd.p, stoppers: ImpliedEnd.pStoppers, &open, &out) }
        // Two-letter names (li, dt, dd, tr, td, th), matched by their packed keys before any table is read.
        switch info.key {
        case ImpliedEnd.liKey: closeOpen(ImpliedEnd.li, stoppers: ImpliedEnd.liStoppers, &open, &out)
        case ImpliedEnd.dtKey, ImpliedEnd.ddKey: closeOpen(ImpliedEnd.dtdd, stoppers: ImpliedEnd.dlStoppers, &open, &out)
        case ImpliedEnd.trKey: closeOpen(ImpliedEnd.tr, stoppers: ImpliedEnd.trStoppers, &open, &out)
        case ImpliedEnd.tdKey, ImpliedEnd.thKey: closeOpen(ImpliedEnd.cell, stoppers: ImpliedEnd.cellStoppers, &open, &out)
        default: break
        }
        if info.isBlock { txt.append(0x20) }
        guard emitHTML, info.isAllowed else { return }
        out.append(0x3C); appendName(info, &out)
        if attributes.count > 1 { attributes.sort { $0.index < $1.index } }  // indices order as names do
        for (index, value) in attributes {
            out.append(0x20); out.append(utf8Of: HTMLPolicy.attributeNames[index])
            out.append(0x3D); out.append(0x22)
            appendHTMLEscaped(value, attribute: true, to: &out)
            out.append(0x22)
        }
        if info.isVoid { out.appendASCII(" />") }
        else { out.append(0x3E); open.append(info) }
    }

    mutating func literalLessThan(_ out: inout ByteBuffer, _ txt: inout ByteBuffer) {
        appendText(CollectionOfOne(0x3C), &txt)
        if emitHTML { out.appendASCII("&lt;") }
        i += 1
    }

    mutating func skipPast(_ byte: UInt8) {
        i = nextByte(byte, in: s, from: i)
        if i < s.count { i += 1 }
    }

    /// Skips to after the end tag that closes `info` (raw text: the first `</name`; otherwise balanced by name).
    mutating func skipElementContent(_ info: HTMLPolicy.ElementInfo) {
        let n = s.count
        let name = Array(info.name.utf8)
        var depth = 1
        while i < n {
            guard s[i] == 0x3C else { i += 1; continue }
            let isEnd = i + 1 < n && s[i + 1] == 0x2F
            let start = isEnd ? i + 2 : i + 1
            var matches = start + name.count <= n
            if matches {
                for k in 0..<name.count where (s[start + k] | 0x20) != name[k] { matches = false; break }
            }
            if matches && start + name.count < n && Tokenizer.isNameByte(s[start + name.count]) { matches = false }
            if matches {
                if isEnd {
                    depth -= 1
                    if depth == 0 || info.isRawText { i = start + name.count; skipPast(0x3E); return }
                } else if !info.isRawText {
                    depth += 1
                }
            }
            i += 1
        }
    }

    func decodeAttribute(_ start: Int, _ end: Int, _ scratch: inout [UInt8]) -> String {
        let raw = UnsafeBufferPointer(rebasing: s[start..<end])
        var next = nextByte(0x26, in: raw, from: 0)
        guard next < raw.count else { return String(decoding: raw, as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        var sub = Tokenizer(s: raw, base: nil, emitHTML: false)
        while true {
            // Copy the run up to the next '&' in one go, then decode the reference.
            if next > sub.i { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: raw[sub.i..<next])) }
            sub.i = next
            guard sub.i < raw.count else { break }
            sub.i += 1
            let (a, b) = sub.decodeEntity()
            appendUTF8(a, to: &scratch)
            if b != 0 { appendUTF8(b, to: &scratch) }
            next = nextByte(0x26, in: raw, from: sub.i)
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}

/// Appends `value` with `&`, `<`, `>` (and `"` in attributes) escaped.
func appendHTMLEscaped<Sink: ByteSink & ~Copyable>(_ value: String, attribute: Bool, to out: inout Sink) {
    var value = value
    value.withUTF8 { appendHTMLEscaped($0, attribute: attribute, to: &out) }
}

/// Appends `bytes` with `&`, `<`, `>` (and `"` in attributes) escaped, copying run by run between them.
func appendHTMLEscaped<Sink: ByteSink & ~Copyable>(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool, to out: inout Sink) {
    var start = 0
    // In text '"' needs no escape: the stop set then repeats '&'.
    let stops = ByteStops(0x26, 0x3C, 0x3E, attribute ? 0x22 : 0x26)
    var i = nextByte(in: bytes, from: 0, stoppingAt: stops)
    while i < bytes.count {
        if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
        switch bytes[i] {
        case 0x26: out.appendASCII("&amp;")
        case 0x3C: out.appendASCII("&lt;")
        case 0x3E: out.appendASCII("&gt;")
        default: out.appendASCII("&quot;")
        }
        start = i + 1
        i = nextByte(in: bytes, from: start, stoppingAt: stops)
    }
    if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
}

@inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

/// Runs of whitespace (including U+00A0) become one space; leading and trailing whitespace goes.
/// - Parameter knownWellFormed: as for `String(utf8Bytes:knownWellFormed:)` (collapsing keeps whole characters).
func collapseWhitespace(_ bytes: ArraySlice<UInt8>, knownWellFormed: Bool = false) -> String {
    bytes.withUnsafeBufferPointer { collapseWhitespace($0, knownWellFormed: knownWellFormed) }
}

/// Runs of whitespace (including U+00A0) become one space; leading and trailing whitespace goes.
func collapseWhitespace(_ input: UnsafeBufferPointer<UInt8>, knownWellFormed: Bool = false) -> String {
    // Collapsed into a scratch buffer, then made a String (see `String(utf8Bytes:)` for why not in place).
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.count) { out in
        guard let src = input.baseAddress, let dst = out.baseAddress else { return "" }
        let count = collapseWhitespace(src, input.count, into: dst)
        return String(utf8Bytes: UnsafeBufferPointer(start: dst, count: count), knownWellFormed: knownWellFormed)
    }
}

/// Writes the `count` bytes at `src` with whitespace collapsed to `dst` (room for `count` bytes); returns the length.
private func collapseWhitespace(_ src: UnsafePointer<UInt8>, _ count: Int, into dst: UnsafeMutablePointer<UInt8>) -> Int {
    @inline(__always) func isBlank(_ i: Int) -> Bool {
        let b = src[i]
        return b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || (b == 0xC2 && i + 1 < count && src[i + 1] == 0xA0)
    }
    let raw = UnsafeRawPointer(src)
    let upperBits = SIMD16<UInt8>(repeating: 0xE0), space = SIMD16<UInt8>(repeating: 0x20), c2 = SIMD16<UInt8>(repeating: 0xC2)
    var n = 0, i = 0
    while i < count {
        // A run of whitespace becomes one space, unless it leads or trails.
        if isBlank(i) {
            repeat { i += src[i] == 0xC2 ? 2 : 1 } while i < count && isBlank(i)
            if i == count { break }
            if n > 0 { dst[n] = 0x20; n += 1 }
        }
        // Copy up to the next byte that may be whitespace (a control character, 0xC2, or a space before either or
        // another space), sixteen bytes at a time: single spaces between words are copied as they are.
        // n <= i, so the 16-byte store stays within `dst`.
        while i + 17 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let next = raw.loadUnaligned(fromByteOffset: i + 1, as: SIMD16<UInt8>.self)
            let nextMayBeBlank = ((next & upperBits) .== .zero) .| (next .== space) .| (next .== c2)
            let stop = ((v & upperBits) .== .zero) .| (v .== c2) .| ((v .== space) .& nextMayBeBlank)
            UnsafeMutableRawPointer(dst + n).storeBytes(of: v, as: SIMD16<UInt8>.self)
            let words = unsafeBitCast(stop, to: SIMD2<UInt64>.self)
            let low = UInt64(littleEndian: words[0]), high = UInt64(littleEndian: words[1])
            let copied = low != 0 ? low.trailingZeroBitCount >> 3 : high != 0 ? 8 + high.trailingZeroBitCount >> 3 : 16
            n += copied; i += copied
            if copied < 16 { break }
        }
        guard i < count else { break }
        // Whitespace starts the next run; any other byte (a control character, 0xC2 of another character) is text.
        if isBlank(i) { continue }
        dst[n] = src[i]; n += 1; i += 1
    }
    return n
}
