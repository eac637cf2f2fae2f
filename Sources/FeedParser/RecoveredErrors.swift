/// The well-formedness and encoding problems a parse recovered from, deduplicated and capped.
struct RecoveredErrors {
    private(set) var messages: [String] = []
    private var seen: Set<String> = []
    static let limit = 50

    /// Records `message` once; `key` groups repeats of the same problem (defaults to the message).
    mutating func record(_ message: @autoclosure () -> String, key: String? = nil) {
        guard messages.count < Self.limit else { return }
        if let key {  // a repeat is dropped before its message is built
            guard seen.insert(key).inserted else { return }
            messages.append(message())
            return
        }
        let text = message()
        guard seen.insert(text).inserted else { return }
        messages.append(text)
    }
}
