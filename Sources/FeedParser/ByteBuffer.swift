/// Where the byte-writing helpers (`appendASCII`, `appendUTF8`, `appendNumericReference`) write: a byte array, or a
/// `ByteBuffer` on the hottest paths.
protocol ByteSink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {}

extension ByteSink where Self: ~Copyable {
    /// Appends the bytes of a literal (no temporary array: an array literal here would be allocated on every call).
    @inline(__always) mutating func appendASCII(_ s: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}

/// A growable byte buffer for the hot write paths (the pre-pass output, the captured element text, the sanitizer's
/// HTML and text), which are written in many short runs (text between references, replacement bytes, tags): an
/// append is an inlined capacity check and copy, without the uniqueness check and generic copying of
/// `Array.append(contentsOf:)`. Noncopyable: one owner, freed with it.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "ByteBuffer index out of range")
        return base[index]
    }

    mutating func reserveCapacity(_ minimum: Int) {
        if minimum > capacity { grow(to: minimum) }
    }

    /// Empties the buffer, keeping its storage.
    mutating func removeAll() { count = 0 }

    @inline(never) private mutating func grow(to minimum: Int) {
        let newCapacity = Swift.max(minimum, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if capacity - count < bytes.count { grow(to: count + bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends any other bytes (rare paths: names, entity values).
    mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        let copied: Void? = bytes.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if copied == nil { for byte in bytes { append(byte) } }
    }

    /// Appends the UTF-8 bytes of `string`.
    mutating func append(utf8Of string: String) {
        var string = string
        string.withUTF8 { append(contentsOf: $0) }
    }

    /// Appends the bytes of `key` from the lowest up to its highest non-zero byte (a name packed little-endian).
    @inline(__always) mutating func append(packedName key: UInt64) {
        if capacity - count < 8 { grow(to: count + 8) }
        UnsafeMutableRawPointer(base + count).storeBytes(of: key.littleEndian, as: UInt64.self)
        count += (64 - key.leadingZeroBitCount + 7) >> 3
    }

    func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}

extension ByteBuffer: ByteSink {}
