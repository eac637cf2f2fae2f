import Foundation

extension UnsafeMutableBufferPointer {
    /// A new buffer holding `array` (at least one element of capacity); the owner deallocates it.
    static func copying(_ array: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: Swift.max(1, array.count))
        _ = buffer.initialize(from: array)
        return buffer
    }
}
