import Glibc

/// Rewrites a UTF-8 XML stream before libxml2 sees it, chunk by chunk:
/// - every named entity reference becomes a numeric one (libxml2 2.9.14 drops named references, even
///   `&amp;`, after its first well-formedness error; numeric ones survive), HTML names included;
/// - a bare `&` becomes `&amp;`, numeric references to C1 controls become the windows-1252 characters meant;
/// - the `>` of a `]]>` in text becomes `&#62;` (XML forbids the sequence there);
/// - the DOCTYPE is removed, so libxml2 never sees an entity declaration or an external DTD. Small plain
///   internal entities are inlined here; nested or large ones (billion laughs, quadratic blowup) are refused;
///   external ones are dropped, never loaded;
/// - control characters XML forbids are removed.
/// - inside elements, a non-ASCII character between ASCII bytes in text becomes a numeric reference: libxml2 2.9.14
///   reads the rest of a text run one character at a time after its first non-ASCII byte, but resumes its fast ASCII
///   scan after a reference (and delivers the same characters). Runs of non-ASCII text (most CJK text) stay as they are.
/// CDATA sections, comments and processing instructions pass through untouched.
struct MarkupPrepass {
    enum Refusal: Error { case entityExpansion(String) }

    private enum State { case text, cdata, comment, processingInstruction, doctype }
    private var state: State = .text
    private var carry: [UInt8] = []
    private var doctypeBytes: [UInt8] = []
    private var doctypeDepth = 0
    private var doctypeQuote: UInt8 = 0
    private var previous1: UInt8 = 0, previous2: UInt8 = 0
    /// The last two bytes of the previous chunk (the last one first), so that a "]]>" split across chunks is seen.
    private var tail1: UInt8 = 0, tail2: UInt8 = 0
    /// Open elements, as offsets into `openNames`, so end tags can be balanced before libxml2 sees them:
    /// a stray end tag is dropped, and an end tag of an outer element first closes the inner ones
    /// (raw HTML inside a description with `<p>` left open).
    private var openNames: [UInt8] = []
    /// The end of the open elements' names in `openNames` (bytes past it are stale: popping only moves this).
    private var openNamesEnd = 0
    private var openStarts: [Int] = []
    static let maxOpenElements = 1000
    private var internalEntities: [String: [UInt8]] = [:]
    private var unsafeEntities: Set<String> = []
    private var externalEntities: Set<String> = []
    private var expandedBytes = 0
    /// Whether an HTML entity was already reported (only the first is: the report's key is "html&").
    private var sawHTMLEntity = false
    var errors = RecoveredErrors()

    static let maxEntityValue = 1024
    static let maxExpansion = 4 << 20
    static let maxDoctype = 1 << 20

    /// Processes `input`, appending the rewritten bytes to `out`. Returns true (and appends nothing) when the
    /// chunk needs no change at all.
    mutating func process(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout ByteBuffer) throws(Refusal) -> Bool {
        if !carry.isEmpty {
            var joined = carry
            carry.removeAll(keepingCapacity: true)
            joined.append(contentsOf: input)
            var result: Result<Void, Refusal> = .success(())
            joined.withUnsafeBufferPointer { buf in
                do throws(Refusal) { _ = try run(buf, final: final, into: &out, mayPassThrough: false) } catch { result = .failure(error) }
            }
            try result.get()
            return false
        }
        return try run(input, final: final, into: &out, mayPassThrough: true)
    }

    private mutating func run(_ p: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout ByteBuffer,
                              mayPassThrough: Bool) throws(Refusal) -> Bool {
        let n = p.count
        var i = 0
        var copied = 0
        var changed = false
        let startCount = out.count
        @inline(__always) func flush(_ end: Int, _ out: inout ByteBuffer) {
            if end > copied { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<end])) }
        }
        @inline(__always) func hasPrefix(_ at: Int, _ lit: StaticString) -> Bool? {
            let len = lit.utf8CodeUnitCount
            let base = lit.utf8Start
            for k in 0..<len {
                if at + k >= n { return final ? false : nil }
                var c = p[at + k]
                if c >= 0x61 && c <= 0x7A && base[k] >= 0x41 && base[k] <= 0x5A { c -= 0x20 }
                if c != base[k] { return false }
            }
            return true
        }
        func suspend(_ at: Int, _ out: inout ByteBuffer, _ carry: inout [UInt8]) {
            flush(at, &out)
            carry.append(contentsOf: UnsafeBufferPointer(rebasing: p[at..<n]))
        }
        scan: while i < n {
            switch state {
            case .text:
                // Fast scan to the next byte of interest (inside elements, non-ASCII bytes too).
                i = openStarts.isEmpty ? nextByte(in: p, from: i, stoppingAt: .markup) : nextByte(in: p, from: i, stoppingAt: .markupOrNonASCII)
                if i >= n { break scan }
                let c = p[i]
                if c >= 0x80 {
                    let length = wellFormedUTF8Length(p, at: i)
                    let end = i + length
                    if length > 0 && (i == 0 || p[i - 1] < 0x80) && (end == n || p[end] < 0x80),
                       case let scalar = scalarOfUTF8(p, at: i, length: length), scalar != 0xFFFE && scalar != 0xFFFF {
                        flush(i, &out); changed = true
                        appendNumericReference(scalar, to: &out)
                        i = end; copied = i
                    } else {
                        i += 1
                        while i < n && p[i] >= 0x80 { i += 1 }  // a run of non-ASCII text stays as it is
                    }
                    continue
                }
                if c < 0x20 {
                    flush(i, &out); changed = true
                    errors.record("invalid control character U+\(hex4(UInt32(c))) removed", key: "control")
                    i += 1; copied = i
                    continue
                }
                if c == 0x3E {
                    // "]]>" may not appear in text; libxml2 2.9.14 also drops the text run before it.
                    let before1 = i >= 1 ? p[i - 1] : tail1, before2 = i >= 2 ? p[i - 2] : i == 1 ? tail1 : tail2
                    if before1 == 0x5D && before2 == 0x5D {
                        flush(i, &out); changed = true
                        errors.record("']]>' in text escaped", key: "]]>")
                        out.appendASCII("&#62;")
                        copied = i + 1
                    }
                    i += 1
                    continue
                }
                if c == 0x3C {
                    guard i + 1 < n || final else { suspend(i, &out, &carry); changed = true; return false }
                    if i + 1 >= n { i += 1; continue }
                    let next = p[i + 1]
                    if next == 0x21 {  // <!
                        if let cd = hasPrefix(i, "<![CDATA[") {
                            if cd { state = .cdata; previous1 = 0; previous2 = 0; i += 9; continue }
                        } else { suspend(i, &out, &carry); changed = true; return false }
                        if let cm = hasPrefix(i, "<!--") {
                            if cm { state = .comment; previous1 = 0; previous2 = 0; i += 4; continue }
                        } else { suspend(i, &out, &carry); changed = true; return false }
                        if let dt = hasPrefix(i, "<!DOCTYPE") {
                            if dt {
                                flush(i, &out); changed = true
                                state = .doctype; doctypeDepth = 0; doctypeQuote = 0; doctypeBytes.removeAll()
                                i += 9; copied = i
                                continue
                            }
                        } else { suspend(i, &out, &carry); changed = true; return false }
                    } else if next == 0x3F {
                        state = .processingInstruction; previous1 = 0; previous2 = 0; i += 2; continue
                    } else if next == 0x2F || MarkupPrepass.isNameStart(next) {
                        // Find the tag's end, skipping quoted attribute values.
                        var j = i + 1
                        while true {
                            j = nextByte(in: p, from: j, stoppingAt: .tagDelimiters)
                            guard j < n else { break }
                            let x = p[j]
                            if x == 0x3E { break }
                            if x == 0x3C { if next == 0x2F { break }; j += 1; continue }  // "</b <p>": an end tag missing its '>'
                            j = nextByte(x, in: p, from: j + 1)  // a quoted attribute value
                            if j < n { j += 1 }
                        }
                        if j >= n {
                            if !final { suspend(i, &out, &carry); changed = true; return false }
                            i += 1; continue
                        }
                        let nameStart = next == 0x2F ? i + 2 : i + 1
                        var nameEnd = nameStart
                        while nameEnd < j, MarkupPrepass.isNameByte(p[nameEnd]) { nameEnd += 1 }
                        let name = UnsafeBufferPointer(rebasing: p[nameStart..<nameEnd])
                        if next == 0x2F {
                            let terminated = p[j] == 0x3E
                            if terminated && !openStarts.isEmpty && openElementNameEquals(openStarts.count - 1, name) {
                                popOpenElement()  // the usual case: the innermost element's end tag
                                i = j + 1
                                continue
                            }
                            if let index = openElementIndex(matching: name), terminated {
                                let exact = openElementNameEquals(index, name)
                                if index == openStarts.count - 1 && exact {
                                    popOpenElement()
                                    i = j + 1
                                    continue
                                }
                                flush(i, &out); changed = true
                                if index != openStarts.count - 1 {
                                    let message = "unclosed element <\(openElementName(openStarts.count - 1))> closed"
                                    errors.record(message, key: "unclosed")
                                }
                                while openStarts.count > index { appendEndTag(of: openStarts.count - 1, &out); popOpenElement() }
                                i = j + 1; copied = i
                            } else {
                                flush(i, &out); changed = true
                                errors.record("stray end tag </\(String(decoding: name, as: UTF8.self))> removed", key: "stray")
                                i = terminated ? j + 1 : j; copied = i
                            }
                            continue
                        }
                        let selfClosing = p[j - 1] == 0x2F
                        let closeVoid = !selfClosing && MarkupPrepass.isHTMLVoid(name) && !MarkupPrepass.endTagFollows(p, at: j + 1, name: name)
                        if !selfClosing && !closeVoid { pushOpenElement(name) }
                        let hasReference = j > nameEnd && memchr(p.baseAddress! + nameEnd, 0x26, j - nameEnd) != nil
                        if closeVoid || hasReference {
                            flush(i, &out); changed = true
                            if closeVoid {
                                errors.record("HTML element <\(String(decoding: name, as: UTF8.self).lowercased())> closed", key: "void")
                            }
                            if hasReference { rewriteReferences(in: UnsafeBufferPointer(rebasing: p[i..<j]), into: &out) }
                            else { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j])) }
                            if closeVoid { out.appendASCII("/>") } else { out.append(0x3E) }
                            i = j + 1; copied = i
                            continue
                        }
                        i = j + 1
                        continue
                    } else {
                        // A '<' that starts no markup ("a < b"): text.
                        flush(i, &out); changed = true
                        errors.record("unescaped '<' escaped", key: "bare<")
                        out.appendASCII("&#60;")
                        i += 1; copied = i
                        continue
                    }
                }
                // '&'. First the three most common references, read as one word (same rewrite as the general path below).
                if i + 5 <= n, let base = p.baseAddress {
                    let word = UnsafeRawPointer(base + i + 1).loadUnaligned(as: UInt32.self)
                    let three = UInt32(littleEndian: word) & 0x00FF_FFFF
                    if three == 0x3B_74_6C {  // "lt;"
                        flush(i, &out); changed = true
                        out.appendASCII("&#60;")
                        i += 4; copied = i
                        continue
                    }
                    if three == 0x3B_74_67 {  // "gt;"
                        flush(i, &out); changed = true
                        appendTextCharacter(0x3E, after: startCount, to: &out)
                        i += 4; copied = i
                        continue
                    }
                    if UInt32(littleEndian: word) == 0x3B_70_6D_61 {  // "amp;"
                        flush(i, &out); changed = true
                        out.appendASCII("&#38;")
                        i += 5; copied = i
                        continue
                    }
                }
                var j = i + 1
                let limit = min(n, i + 40)
                if j < limit && p[j] == 0x23 {  // numeric
                    j += 1
                    var hex = false
                    if j < limit && (p[j] == 0x78 || p[j] == 0x58) { hex = true; j += 1 }
                    let digitsStart = j
                    var value: UInt32 = 0
                    var overflow = false
                    while j < limit {
                        let d = p[j]
                        var v: UInt32
                        if d >= 0x30 && d <= 0x39 { v = UInt32(d - 0x30) }
                        else if hex && d >= 0x61 && d <= 0x66 { v = UInt32(d - 0x61 + 10) }
                        else if hex && d >= 0x41 && d <= 0x46 { v = UInt32(d - 0x41 + 10) }
                        else { break }
                        value = value &* (hex ? 16 : 10) &+ v
                        if value > 0x10FFFF { overflow = true }
                        j += 1
                    }
                    if j >= limit && limit == n && !final { suspend(i, &out, &carry); changed = true; return false }
                    let terminated = j < n && p[j] == 0x3B
                    if j == digitsStart || !terminated {
                        flush(i, &out); changed = true
                        errors.record("unescaped '&' (malformed character reference) escaped", key: "bare&")
                        out.appendASCII("&amp;")
                        i += 1; copied = i
                        continue
                    }
                    let isXMLChar = !overflow && (value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value < 0xD800)
                        || (value >= 0xE000 && value < 0xFFFE) || (value >= 0x10000 && value <= 0x10FFFF))
                    if !isXMLChar {
                        flush(i, &out); changed = true
                        errors.record("invalid character reference removed", key: "badref")
                        i = j + 1; copied = i
                        continue
                    }
                    if value >= 0x80 && value < 0xA0 {
                        flush(i, &out); changed = true
                        appendNumericReference(windows1252Scalar(UInt8(value)), to: &out)
                        i = j + 1; copied = i
                        continue
                    }
                    i = j + 1
                    continue
                }
                // named
                while j < limit {
                    let d = p[j]
                    if (d >= 0x61 && d <= 0x7A) || (d >= 0x41 && d <= 0x5A) || (d >= 0x30 && d <= 0x39) || d == 0x2E || d == 0x2D || d == 0x5F { j += 1 } else { break }
                }
                if j >= limit && limit == n && !final { suspend(i, &out, &carry); changed = true; return false }
                let nameLength = j - i - 1
                let terminated = j < n && p[j] == 0x3B
                flush(i, &out); changed = true
                if nameLength == 0 || !terminated || !(p[i + 1] >= 0x41) {
                    errors.record("unescaped '&' escaped", key: "bare&")
                    out.appendASCII("&amp;")
                    i += 1; copied = i
                    continue
                }
                // The five XML names are by far the most common: rewrite them without building a String.
                let length = j - i - 1
                let c1 = p[i + 1], c2 = p[i + 2]
                if length == 2 && c2 == 0x74 && (c1 == 0x6C || c1 == 0x67) {  // lt, gt
                    if c1 == 0x6C { out.appendASCII("&#60;") } else { appendTextCharacter(0x3E, after: startCount, to: &out) }
                } else if length == 3 && c1 == 0x61 && c2 == 0x6D && p[i + 3] == 0x70 {  // amp
                    out.appendASCII("&#38;")
                } else if length == 4 && c1 == 0x71 && c2 == 0x75 && p[i + 3] == 0x6F && p[i + 4] == 0x74 {  // quot
                    out.append(0x22)
                } else if length <= 8 && internalEntities.isEmpty,
                          let scalar = HTMLEntities.commonScalar(packed: packedEntityName(p, i + 1, j)) {
                    // A common HTML name (&nbsp;, &rdquo;...) with no DOCTYPE to override it: no String, no hashing.
                    if scalar != 0x27 && !sawHTMLEntity {
                        sawHTMLEntity = true
                        let name = String(decoding: UnsafeBufferPointer(rebasing: p[(i + 1)..<j]), as: UTF8.self)
                        errors.record("undefined entity &\(name); read as the HTML character", key: "html&")
                    }
                    appendTextCharacter(scalar, after: startCount, to: &out)
                } else {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: p[(i + 1)..<j]), as: UTF8.self)
                    try replaceEntity(name, after: startCount, into: &out)
                }
                i = j + 1; copied = i
            case .cdata, .comment, .processingInstruction:
                let (a, b, c): (UInt8, UInt8, UInt8) = state == .cdata ? (0x5D, 0x5D, 0x3E) : state == .comment ? (0x2D, 0x2D, 0x3E) : (0, 0x3F, 0x3E)
                while i < n {
                    // Skip to the next '>' or control character; the bytes skipped only feed the look-behind.
                    let k = nextByte(in: p, from: i, stoppingAt: .closeOrControl)
                    if k - i >= 2 { previous2 = p[k - 2]; previous1 = p[k - 1] }
                    else if k > i { previous2 = previous1; previous1 = p[k - 1] }
                    i = k
                    guard i < n else { break }
                    let x = p[i]
                    if x != c {
                        flush(i, &out); changed = true
                        errors.record("invalid control character U+\(hex4(UInt32(x))) removed", key: "control")
                        i += 1; copied = i
                        continue
                    }
                    i += 1
                    if previous1 == b && (a == 0 || previous2 == a) {
                        state = .text; previous1 = 0; previous2 = 0
                        continue scan
                    }
                    previous2 = previous1; previous1 = x
                }
                break scan
            case .doctype:
                while i < n {
                    let x = p[i]
                    if doctypeBytes.count < Self.maxDoctype { doctypeBytes.append(x) }
                    i += 1
                    if doctypeQuote != 0 { if x == doctypeQuote { doctypeQuote = 0 }; continue }
                    if x == 0x22 || x == 0x27 { doctypeQuote = x }
                    else if x == 0x5B || x == 0x3C { doctypeDepth += 1 }
                    else if x == 0x5D { doctypeDepth -= 1 }
                    else if x == 0x3E {
                        if doctypeDepth <= 0 { state = .text; copied = i; readEntityDeclarations(); continue scan }
                        doctypeDepth -= 1
                    }
                }
                copied = n
                break scan
            }
        }
        if final && !openStarts.isEmpty && state == .text {
            flush(n, &out); copied = n; changed = true
            let message = "document ended inside <\(openElementName(openStarts.count - 1))>; open elements closed"
            errors.record(message, key: "eof")
            while !openStarts.isEmpty { appendEndTag(of: openStarts.count - 1, &out); popOpenElement() }
        }
        if n >= 2 { tail1 = p[n - 1]; tail2 = p[n - 2] } else if n == 1 { tail2 = tail1; tail1 = p[0] }
        if !changed && mayPassThrough { return true }
        if state != .doctype { flush(n, &out) }
        _ = startCount
        return false
    }

    /// Copies the bytes of a start tag, rewriting the character references in its attribute values the way
    /// text is rewritten: named ones (HTML included) become numeric, bare `&` becomes `&amp;`.
    private mutating func rewriteReferences(in tag: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer) {
        let n = tag.count
        var i = 0
        while i < n {
            // Copy up to the next '&' in one go.
            let ampersand = nextByte(0x26, in: tag, from: i)
            if ampersand > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: tag[i..<ampersand])); i = ampersand }
            guard i < n else { break }
            var j = i + 1
            if j < n && tag[j] == 0x23 {
                j += 1
                if j < n && (tag[j] | 0x20) == 0x78 { j += 1 }
                let digits = j
                while j < n, (tag[j] >= 0x30 && tag[j] <= 0x39) || ((tag[j] | 0x20) >= 0x61 && (tag[j] | 0x20) <= 0x66) { j += 1 }
                if j > digits && j < n && tag[j] == 0x3B {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: tag[i...j])); i = j + 1; continue
                }
            } else {
                while j < n, ((tag[j] | 0x20) >= 0x61 && (tag[j] | 0x20) <= 0x7A) || (tag[j] >= 0x30 && tag[j] <= 0x39) { j += 1 }
                if j > i + 1 && j < n && tag[j] == 0x3B,
                   let scalars = HTMLEntities.scalars(named: String(decoding: UnsafeBufferPointer(rebasing: tag[(i + 1)..<j]), as: UTF8.self)) {
                    appendNumericReference(scalars.0, to: &out)
                    if scalars.1 != 0 { appendNumericReference(scalars.1, to: &out) }
                    i = j + 1
                    continue
                }
            }
            errors.record("unescaped '&' escaped", key: "bare&")
            out.appendASCII("&amp;")
            i += 1
        }
    }

    /// Whether `</name>` comes right at `at` (XHTML's `<br></br>` is well-formed and stays).
    static func endTagFollows(_ p: UnsafeBufferPointer<UInt8>, at: Int, name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard at + name.count + 3 <= p.count, p[at] == 0x3C, p[at + 1] == 0x2F, p[at + 2 + name.count] == 0x3E else { return false }
        for k in 0..<name.count where p[at + 2 + k] != name[k] { return false }
        return true
    }

    @inline(__always) static func isNameStart(_ c: UInt8) -> Bool {
        ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) || c == 0x5F || c >= 0x80
    }
    @inline(__always) static func isNameByte(_ c: UInt8) -> Bool {
        !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x2F || c == 0x3E || c == 0x3C)
    }

    /// HTML elements that have no end tag and often arrive unclosed inside feed text (`<br>`, `<img ...>`).
    static func isHTMLVoid(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 2: return lower(name, "br") || lower(name, "hr")
        case 3: return lower(name, "img") || lower(name, "wbr") || lower(name, "col")
        case 4: return lower(name, "area")
        case 5: return lower(name, "embed") || lower(name, "param") || lower(name, "input")
        default: return false
        }
    }

    @inline(__always) static func lower(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        let l = literal.utf8Start
        for k in 0..<name.count where (name[k] | 0x20) != l[k] { return false }
        return true
    }

    private mutating func pushOpenElement(_ name: UnsafeBufferPointer<UInt8>) {
        guard openStarts.count < Self.maxOpenElements else { return }
        openStarts.append(openNamesEnd)
        if openNames.count < openNamesEnd + name.count {
            openNames.append(contentsOf: repeatElement(0, count: openNamesEnd + name.count - openNames.count))
        }
        let end = openNamesEnd
        openNames.withUnsafeMutableBufferPointer { names in
            if let source = name.baseAddress, !name.isEmpty { (names.baseAddress! + end).update(from: source, count: name.count) }
        }
        openNamesEnd += name.count
    }

    private mutating func popOpenElement() {
        guard let start = openStarts.popLast() else { return }
        openNamesEnd = start
    }

    private func openElementRange(_ index: Int) -> Range<Int> {
        openStarts[index]..<(index + 1 < openStarts.count ? openStarts[index + 1] : openNamesEnd)
    }

    private func openElementName(_ index: Int) -> String {
        String(decoding: openNames[openElementRange(index)], as: UTF8.self)
    }

    private func openElementNameEquals(_ index: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = openElementRange(index)
        guard range.count == name.count else { return false }
        return openNames.withUnsafeBufferPointer { names in
            var k = 0
            while k < name.count { if names[range.lowerBound + k] != name[k] { return false }; k += 1 }
            return true
        }
    }

    /// The innermost open element with this name (ASCII case-insensitive, as feedparser matches names).
    private func openElementIndex(matching name: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = openStarts.count - 1
        return openNames.withUnsafeBufferPointer { names in
            while index >= 0 {
                let range = openElementRange(index)
                if range.count == name.count {
                    var k = 0
                    while k < name.count, (names[range.lowerBound + k] | 0x20) == (name[k] | 0x20) { k += 1 }
                    if k == name.count { return index }
                }
                index -= 1
            }
            return nil
        }
    }

    private func appendEndTag(of index: Int, _ out: inout ByteBuffer) {
        out.append(0x3C); out.append(0x2F)
        out.append(contentsOf: openNames[openElementRange(index)])
        out.append(0x3E)
    }

    /// Writes what the reference `&name;` in text stands for. `startCount`: where this call's output began in `out`.
    private mutating func replaceEntity(_ name: String, after startCount: Int, into out: inout ByteBuffer) throws(Refusal) {
        if let scalars = HTMLEntities.scalars(named: name) {
            if !(name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") && internalEntities[name] == nil {
                sawHTMLEntity = true
                errors.record("undefined entity &\(name); read as the HTML character", key: "html&")
            }
            if let value = internalEntities[name] { try inline(name, value, into: &out); return }
            appendTextCharacter(scalars.0, after: startCount, to: &out)
            if scalars.1 != 0 { appendTextCharacter(scalars.1, after: startCount, to: &out) }
            return
        }
        if let value = internalEntities[name] { try inline(name, value, into: &out); return }
        if unsafeEntities.contains(name) {
            throw .entityExpansion("refused: entity &\(name); expands recursively or is too large (entity expansion attack)")
        }
        if externalEntities.contains(name) {
            errors.record("external entity &\(name); not loaded", key: "ext&" + name)
            return
        }
        errors.record("undefined entity &\(name); kept as text", key: "undef&" + name)
        out.appendASCII("&amp;")
        out.append(contentsOf: name.utf8)
        out.append(0x3B)
    }

    /// Appends a character that a reference in text stood for: as its UTF-8 bytes where XML text may hold it
    /// as is (libxml2 then delivers it with the text around it, not in a callback of its own), else as a numeric
    /// reference. `<` and `&` always need a reference; `>` does after `]` or at the start of the output (`]]>` may
    /// not appear in text); control characters keep theirs (libxml2 turns a raw CR into LF, and a raw LF would
    /// shift the line numbers of later errors). `startCount`: where this call's output began in `out`.
    private func appendTextCharacter(_ scalar: UInt32, after startCount: Int, to out: inout ByteBuffer) {
        let needsReference = scalar < 0x20 || scalar == 0x26 || scalar == 0x3C
            || (scalar == 0x3E && (out.count == startCount || out[out.count - 1] == 0x5D))
        if needsReference { appendNumericReference(scalar, to: &out) } else { appendUTF8(scalar, to: &out) }
    }

    private mutating func inline(_ name: String, _ value: [UInt8], into out: inout ByteBuffer) throws(Refusal) {
        expandedBytes += value.count
        if expandedBytes > Self.maxExpansion {
            throw .entityExpansion("refused: entity expansion exceeds \(Self.maxExpansion >> 20) MiB (entity expansion attack)")
        }
        for b in value {
            switch b {
            case 0x22: out.appendASCII("&#34;")
            case 0x27: out.appendASCII("&#39;")
            case 0x3E: out.appendASCII("&#62;")
            default: out.append(b)
            }
        }
    }

    /// Reads `<!ENTITY name "value">` and `<!ENTITY name SYSTEM "...">` declarations from the removed DOCTYPE.
    private mutating func readEntityDeclarations() {
        let text = String(decoding: doctypeBytes, as: UTF8.self)
        doctypeBytes.removeAll()
        var rest = Substring(text)
        while let r = rest.range(of: "<!ENTITY") {
            rest = rest[r.upperBound...]
            var s = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            if s.first == "%" { continue }  // parameter entities are never used
            let name = String(s.prefix(while: { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\"" || $0 == "'") }))
            s = s.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            guard !name.isEmpty, let quote = s.first else { continue }
            if quote != "\"" && quote != "'" {
                externalEntities.insert(name); internalEntities[name] = nil
                continue
            }
            let body = s.dropFirst()
            guard let close = body.firstIndex(of: quote) else { continue }
            let value = Array(body[..<close].utf8)
            if value.count > Self.maxEntityValue || value.contains(0x26) || value.contains(0x3C) || value.contains(0x25) {
                unsafeEntities.insert(name)
            } else if internalEntities[name] == nil && !unsafeEntities.contains(name) {
                internalEntities[name] = value
            }
        }
    }
}

func hex4(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// Up to four bytes to stop at, and optionally every control character other than tab, LF and CR,
/// for `nextByte(in:from:stoppingAt:)`. Unused target slots repeat a target.
struct ByteStops {
    let a: UInt8, b: UInt8, c: UInt8, d: UInt8
    let controls: Bool
    let nonASCII: Bool

    @inline(__always) init(_ a: UInt8, _ b: UInt8, _ c: UInt8? = nil, _ d: UInt8? = nil, controls: Bool = false,
                           nonASCII: Bool = false) {
        self.a = a; self.b = b; self.c = c ?? a; self.d = d ?? b; self.controls = controls; self.nonASCII = nonASCII
    }

    @inline(__always) func contains(_ x: UInt8) -> Bool {
        x == a || x == b || x == c || x == d || (controls && x < 0x20 && x != 0x09 && x != 0x0A && x != 0x0D)
            || (nonASCII && x >= 0x80)
    }

    // Computed, not stored: constants folded into the inlined scans (a stored static is a lazy global).
    /// `&`, `<` and `>`, and control characters: where the pre-pass has work to do in text.
    static var markup: ByteStops { ByteStops(0x26, 0x3C, 0x3E, controls: true) }
    /// `markup`, and bytes of non-ASCII characters.
    static var markupOrNonASCII: ByteStops { ByteStops(0x26, 0x3C, 0x3E, controls: true, nonASCII: true) }
    /// `>` and control characters: the end of a tag, or a byte to remove inside it.
    static var closeOrControl: ByteStops { ByteStops(0x3E, 0x3E, controls: true) }
    /// `"`, `'`, `<` and `>`: the bytes that end a tag's scan.
    static var tagDelimiters: ByteStops { ByteStops(0x22, 0x27, 0x3C, 0x3E) }
    /// `<`, `&` and `>`: where the sanitizer's text runs end.
    static var textDelimiters: ByteStops { ByteStops(0x3C, 0x26, 0x3E) }
    /// `<` and `&`: where text stops being plain.
    static var markupStarts: ByteStops { ByteStops(0x3C, 0x26) }
    /// `.`, `?` and `#`: a possible dot segment, or the end of a URL's path.
    static var pathDotOrEnd: ByteStops { ByteStops(0x2E, 0x3F, 0x23) }
}

/// The index of the next byte in `stops` at or after `from`, or the count; sixteen bytes at a time
/// (vector compares: SSE2 on x86-64, NEON on arm64).
@inline(__always) func nextByte(in p: UnsafeBufferPointer<UInt8>, from: Int, stoppingAt stops: ByteStops) -> Int {
    let n = p.count
    var i = from
    if let base = p.baseAddress {
        let raw = UnsafeRawPointer(base)
        let a = SIMD16<UInt8>(repeating: stops.a), b = SIMD16<UInt8>(repeating: stops.b)
        let c = SIMD16<UInt8>(repeating: stops.c), d = SIMD16<UInt8>(repeating: stops.d)
        let tab = SIMD16<UInt8>(repeating: 0x09), lf = SIMD16<UInt8>(repeating: 0x0A), cr = SIMD16<UInt8>(repeating: 0x0D)
        let upperBits = SIMD16<UInt8>(repeating: 0xE0), highBit = SIMD16<UInt8>(repeating: 0x80)
        while i + 16 <= n {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            var hits = (v .== a) .| (v .== b) .| (v .== c) .| (v .== d)
            if stops.controls {
                // Below 0x20 (no bit of 0xE0 set), but not tab, LF or CR.
                hits .|= ((v & upperBits) .== .zero) .& .!((v .== tab) .| (v .== lf) .| (v .== cr))
            }
            if stops.nonASCII { hits .|= (v & highBit) .!= .zero }
            // A true lane is all ones: the lowest set bit's byte is the first hit.
            let words = unsafeBitCast(hits, to: SIMD2<UInt64>.self)
            let low = UInt64(littleEndian: words[0]), high = UInt64(littleEndian: words[1])
            if low != 0 { return i + low.trailingZeroBitCount >> 3 }
            if high != 0 { return i + 8 + high.trailingZeroBitCount >> 3 }
            i += 16
        }
    }
    while i < n {
        if stops.contains(p[i]) { return i }
        i += 1
    }
    return n
}

/// The index of the next `byte` at or after `from`, or the count.
@inline(__always) func nextByte(_ byte: UInt8, in p: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
    guard from < p.count, let base = p.baseAddress else { return p.count }
    guard let found = memchr(base + from, Int32(byte), p.count - from) else { return p.count }
    return UnsafeRawPointer(found) - UnsafeRawPointer(base)
}

/// The entity name `p[start..<end]` (at most 8 bytes) packed little-endian, as `HTMLEntities.commonScalar` reads it.
@inline(__always) func packedEntityName(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
    var key: UInt64 = 0
    for k in start..<end { key |= UInt64(p[k]) << (8 * UInt64(k - start)) }
    return key
}
