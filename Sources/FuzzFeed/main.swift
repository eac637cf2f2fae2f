// libFuzzer target over the feed parser. Built only with `-Xswiftc -DFUZZING -sanitize=fuzzer,address`
// (see scripts/fuzz.sh); a plain `swift build` makes a no-op executable.
import FeedParser
#if canImport(Glibc)
import Glibc
#endif

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = try? FeedParser.parse(bytes, documentURL: "http://fuzz.example/feed.xml", maxBytes: 1 << 20)
    // Also exercise the streaming path with small chunks.
    let pushed = FeedPushParser(documentURL: "http://fuzz.example/feed.xml", maxBytes: 1 << 20)
    var offset = 0
    while offset < bytes.count {
        let end = min(offset + 7, bytes.count)
        if (try? pushed.feed(Array(bytes[offset..<end]))) == nil { break }
        offset = end
    }
    _ = try? pushed.finish()
    return 0
}

typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: FuzzTarget) -> Int32

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
#else
print("FuzzFeed: build with scripts/fuzz.sh (-DFUZZING, -sanitize=fuzzer) to fuzz the feed parser")
#endif
