import Foundation
import Model
import CLibXML2

/// One subscription in an OPML file.
public struct OPMLOutline: Sendable, Hashable {
    public var title: String?
    /// The feed URL, with relative paths resolved against the OPML file's folder.
    public var xmlURL: String
    public var htmlURL: String?
    /// The titles of the enclosing outlines (region, topic).
    public var categories: [String]
    public init(title: String?, xmlURL: String, htmlURL: String? = nil, categories: [String] = []) {
        self.title = title; self.xmlURL = xmlURL; self.htmlURL = htmlURL; self.categories = categories
    }
}

public struct OPMLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads and writes OPML subscription lists.
public enum OPML {
    /// Every outline with an xmlUrl. `baseURL` (a file:// folder or http URL) resolves relative xmlUrls.
    /// Categories are the titles of the enclosing outlines. A document whose root is not `<opml>` is refused.
    public static func parse(_ data: [UInt8], baseURL: URL?) throws(OPMLError) -> [OPMLOutline] {
        if data.count > FeedPushParser.defaultMaxBytes { throw OPMLError("not OPML: larger than 16 MiB") }
        guard data.contains(where: { !isSpace($0) }) else { throw OPMLError("not OPML: the file is empty") }
        var base = baseURL?.absoluteString
        if let url = baseURL, url.isFileURL, let b = base, !b.hasSuffix("/") {
            // A folder needs its trailing slash to be a base; the OPML file itself works as it is.
            var isDirectory: ObjCBool = false
            if url.hasDirectoryPath || (FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue)
                || !FileManager.default.fileExists(atPath: url.path) && url.pathExtension.isEmpty {
                base = b + "/"
            }
        }
        let reader = OPMLReader(base: base)
        var prepass = MarkupPrepass()
        var rewritten = ByteBuffer()
        let decoder = CharsetDecoder(.utf8)!
        var decoded: [UInt8] = []
        let driver = XMLPushDriver(handler: reader)
        var refused = false
        data.withUnsafeBufferPointer { buf in
            let passed = decoder.decode(buf, final: true, into: &decoded)
            let source = passed ? Array(buf) : decoded
            source.withUnsafeBufferPointer { src in
                var unchanged = false
                do throws(MarkupPrepass.Refusal) {
                    unchanged = try prepass.process(src, final: true, into: &rewritten)
                } catch { refused = true }
                if refused { return }
                if unchanged { driver.push(src, final: true) } else { rewritten.withUnsafeBufferPointer { _ = driver.push($0, final: true) } }
            }
        }
        if refused { throw OPMLError("not OPML: refused entity expansion") }
        if let root = reader.rootName, root != "opml" {
            throw OPMLError("not OPML: the root element is <\(root)>")
        }
        guard reader.rootName != nil else { throw OPMLError("not OPML: no XML document element found") }
        return reader.outlines
    }

    /// An OPML 2.0 document listing the given feeds.
    public static func render(title: String, outlines: [OPMLOutline]) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>\(esc(title))</title></head>\n  <body>\n"
        for o in outlines {
            let t = esc(o.title ?? o.xmlURL)
            var line = "    <outline type=\"rss\" text=\"\(t)\" title=\"\(t)\" xmlUrl=\"\(esc(o.xmlURL))\""
            if let h = o.htmlURL { line += " htmlUrl=\"\(esc(h))\"" }
            out += line + "/>\n"
        }
        return out + "  </body>\n</opml>\n"
    }
}

/// Collects outlines with an xmlUrl, with the titles of their enclosing outlines as categories.
private final class OPMLReader: XMLEventHandler {
    let base: String?
    var rootName: String?
    var outlines: [OPMLOutline] = []
    private var stack: [String?] = []  // per open outline: the category it contributes, if any

    init(base: String?) { self.base = base }

    override func startElement(localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
                               attributes: XMLAttributes) {
        if rootName == nil {
            rootName = String(cString: localName).lowercased()
            if rootName != "opml" { stopRequested = true }
            return
        }
        guard cStringEquals(localName, "outline") else { return }
        var values: [String: String] = [:]
        for a in attributes { values[String(cString: a.localName).lowercased()] = a.value }
        let title = (values["title"] ?? values["text"]).map { $0.trimmed() }.flatMap { $0.isEmpty ? nil : $0 }
        if let xml = values["xmlurl"]?.trimmed(), !xml.isEmpty {
            let categories = stack.compactMap { $0 }
            outlines.append(OPMLOutline(title: title, xmlURL: URLTools.resolve(xml, against: base),
                                        htmlURL: values["htmlurl"].map { URLTools.resolve($0, against: base) }, categories: categories))
            stack.append(nil)
        } else {
            stack.append(title)
        }
    }

    override func endElement(localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) {
        if cStringEquals(localName, "outline"), !stack.isEmpty { stack.removeLast() }
    }
}
