/// A text as a dictionary key compared byte for byte, as SQLite compares it. `String`'s own equality
/// treats canonically equivalent spellings as equal (so two guids SQLite keeps apart would collide), and
/// its hash normalizes every non-ASCII string first, which showed up in profiles of a first pass.
struct ExactText: Hashable {
    let text: String

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        var left = lhs.text, right = rhs.text
        return left.withUTF8 { l in right.withUTF8 { r in l.elementsEqual(r) } }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
