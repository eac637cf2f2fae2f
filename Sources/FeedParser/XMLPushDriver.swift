import CLibXML2

/// Receives SAX events from `XMLPushDriver`. Subclasses override what they need.
/// Names arrive as libxml2's interned C strings (stable for the life of one driver).
class XMLEventHandler {
    func startElement(localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
                      attributes: XMLAttributes) {}
    func endElement(localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
    /// A well-formedness error libxml2 recovered from.
    func parserError(_ message: String, line: Int) {}
    /// Set by subclasses to stop the parse (non-feed root, depth limit). Read after every element callback: final, and
    /// without runtime exclusivity checks (the driver and its handler are used from one thread at a time).
    @exclusivity(unchecked) final var stopRequested = false
}

/// The attributes of one SAX2 start tag: (localname, prefix, URI, value start, value end) per attribute.
struct XMLAttributes: Sequence {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    struct Attribute {
        let localName: UnsafePointer<UInt8>
        let prefix: UnsafePointer<UInt8>?
        let uri: UnsafePointer<UInt8>?
        let rawValue: UnsafeBufferPointer<UInt8>

        /// The value; libxml2 leaves `&` as `&#38;` in SAX2 attribute values when entities are not replaced.
        var value: String {
            guard rawValue.contains(0x26) else { return String(decoding: rawValue, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(rawValue.count)
            var i = 0
            while i < rawValue.count {
                if rawValue[i] == 0x26, i + 4 < rawValue.count, rawValue[i + 1] == 0x23, rawValue[i + 2] == 0x33,
                   rawValue[i + 3] == 0x38, rawValue[i + 4] == 0x3B {
                    out.append(0x26); i += 5
                } else { out.append(rawValue[i]); i += 1 }
            }
            return String(decoding: out, as: UTF8.self)
        }
        func nameIs(_ name: StaticString) -> Bool { cStringEquals(localName, name) }
    }

    struct Iterator: IteratorProtocol {
        let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        let count: Int
        var index = 0

        mutating func next() -> Attribute? {
            guard index < count, let base else { return nil }
            let p = base.advanced(by: index * 5)
            index += 1
            let start = p[3]!, end = p[4]!
            return Attribute(localName: p[0]!, prefix: p[1], uri: p[2],
                             rawValue: UnsafeBufferPointer(start: start, count: end - start))
        }
    }

    func makeIterator() -> Iterator { Iterator(base: base, count: count) }

    /// The value of the attribute `name` with no namespace (or any namespace when `anyNamespace`).
    func value(_ name: StaticString, anyNamespace: Bool = false) -> String? {
        for a in self where a.nameIs(name) && (anyNamespace || a.uri == nil) { return a.value }
        return nil
    }

    /// The value of an attribute in the given namespace URI.
    func value(_ name: StaticString, namespace: StaticString) -> String? {
        for a in self where a.nameIs(name) {
            if let uri = a.uri, cStringEquals(uri, namespace) { return a.value }
        }
        return nil
    }
}

@inline(__always) func cStringEquals(_ p: UnsafePointer<UInt8>, _ s: StaticString) -> Bool {
    let n = s.utf8CodeUnitCount
    let q = s.utf8Start
    for i in 0..<n where p[i] != q[i] { return false }
    return p[n] == 0
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            result += rest[..<r.lowerBound]; result += replacement
            rest = rest[r.upperBound...]
        }
        return result + rest
    }
}

/// A libxml2 SAX2 push parser with a hardened handler: a zeroed handler with only our callbacks, our own
/// object as user data (so libxml2's SAX2 entity fallback never runs), and `getEntity` answering only the
/// five predefined entities, so no declared entity is ever expanded. Options RECOVER|NONET|NOERROR|NOWARNING
/// (never NOENT, DTDLOAD or HUGE); input is UTF-8 already, so the declared encoding is ignored.
final class XMLPushDriver {
    private var context: xmlParserCtxtPtr?
    private let handler: XMLEventHandler
    /// `handler` again, for the callbacks: used through `_withUnsafeGuaranteedRef` so that the hot SAX callbacks
    /// do no retain/release (`handler` above keeps it alive for the driver's lifetime).
    private let guaranteedHandler: Unmanaged<XMLEventHandler>
    @exclusivity(unchecked) private(set) var depth = 0
    static let maxDepth = 200

    init(handler: XMLEventHandler) {
        self.handler = handler
        guaranteedHandler = Unmanaged.passUnretained(handler)
        XMLPushDriver.initializeOnce
        var sax = xmlSAXHandler()
        sax.initialized = cxml_sax2_magic()
        sax.getEntity = { _, name in xmlGetPredefinedEntity(name) }
        sax.startElementNs = { ctx, localName, prefix, uri, _, _, attributeCount, _, attributes in
            guard let ctx, let localName else { return }
            Unmanaged<XMLPushDriver>.fromOpaque(ctx)._withUnsafeGuaranteedRef { driver in
                driver.startElement(localName, prefix, uri, attributes, Int(attributeCount))
            }
        }
        sax.endElementNs = { ctx, localName, prefix, uri in
            guard let ctx, let localName else { return }
            Unmanaged<XMLPushDriver>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.endElement(localName, prefix, uri) }
        }
        sax.characters = { ctx, chars, length in
            guard let ctx, let chars, length > 0 else { return }
            Unmanaged<XMLPushDriver>.fromOpaque(ctx)._withUnsafeGuaranteedRef { driver in
                driver.guaranteedHandler._withUnsafeGuaranteedRef { $0.characters(UnsafeBufferPointer(start: chars, count: Int(length))) }
            }
        }
        sax.cdataBlock = sax.characters
        sax.ignorableWhitespace = sax.characters  // same callback: libxml2 then skips its blank-text checks
        sax.serror = { ctx, error in
            // Warnings (e.g. a relative namespace URI) are not well-formedness problems.
            guard let ctx, let error, error.pointee.level != XML_ERR_WARNING else { return }
            let driver = Unmanaged<XMLPushDriver>.fromOpaque(ctx).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?.trimmed() ?? "malformed XML"
            driver.handler.parserError(message, line: Int(error.pointee.line))
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        context = xmlCreatePushParserCtxt(&sax, me, nil, 0, nil)
        if let context {
            let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
            xmlCtxtUseOptions(context, options)
            _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        }
    }

    deinit { if let context { xmlFreeParserCtxt(context) } }

    private func startElement(_ localName: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?, _ uri: UnsafePointer<UInt8>?,
                              _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ attributeCount: Int) {
        depth += 1
        if depth > XMLPushDriver.maxDepth {
            if depth == XMLPushDriver.maxDepth + 1 {
                handler.parserError("elements nested deeper than \(XMLPushDriver.maxDepth) levels; parse stopped", line: 0)
            }
            handler.stopRequested = true
            stop()
            return
        }
        guaranteedHandler._withUnsafeGuaranteedRef {
            $0.startElement(localName: localName, prefix: prefix, uri: uri,
                            attributes: XMLAttributes(base: attributes, count: attributeCount))
            if $0.stopRequested { stop() }
        }
    }

    private func endElement(_ localName: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?, _ uri: UnsafePointer<UInt8>?) {
        defer { depth -= 1 }
        if depth > XMLPushDriver.maxDepth { return }
        guaranteedHandler._withUnsafeGuaranteedRef { $0.endElement(localName: localName, prefix: prefix, uri: uri) }
    }

    private static let initializeOnce: Void = { xmlInitParser() }()

    private func stop() { if let context { xmlStopParser(context) } }

    /// Pushes UTF-8 bytes. Returns false once the parse was stopped.
    @discardableResult
    func push(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Bool {
        guard let context, !handler.stopRequested else { return false }
        var offset = 0
        // libxml2 takes an Int32 length; feed large buffers in slices.
        repeat {
            let length = min(bytes.count - offset, 1 << 20)
            let isLast = final && offset + length == bytes.count
            let base = bytes.baseAddress.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
            xmlParseChunk(context, base, Int32(length), isLast ? 1 : 0)
            offset += length
            if handler.stopRequested { return false }
        } while offset < bytes.count
        return true
    }
}
