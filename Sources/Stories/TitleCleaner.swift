/// Strips what outlets wrap around a headline: a leading label ("UPDATE:", "Breaking News:") and a
/// trailing outlet name ("... - The Daily Herald", "... | Outlet"). Works on UTF-8 bytes.
enum TitleCleaner {
    private static let space = UInt8(ascii: " ")

    /// The byte range of the headline proper within `title`.
    static func headline(_ title: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = title.count
        // "Label:" or "Two words:" within the first 20 bytes, letters only, with a real headline after it.
        if let colon = (0..<min(end, 21)).first(where: { title[$0] == UInt8(ascii: ":") }),
           (0..<colon).allSatisfy({ isASCIILetter(title[$0]) || title[$0] == space }),
           words(title, 0..<colon) <= 2, words(title, (colon + 1)..<end) >= 3 {
            start = colon + 1
        }
        // " | Outlet", " - Outlet", " – Outlet", " — Outlet": up to 4 words starting with a capital.
        var index = end - 1
        while index > start {
            if title[index] == space, let separatorStart = separator(endingBefore: index, in: title, from: start) {
                let suffix = (index + 1)..<end
                let isName = !suffix.isEmpty && (title[suffix.lowerBound] >= 0x41 && title[suffix.lowerBound] <= 0x5A)
                if isName && words(title, suffix) <= 4 && words(title, start..<separatorStart) >= 3 { end = separatorStart }
                break
            }
            index -= 1
        }
        return start..<end
    }

    /// Where " |", " -", " –" or " —" begins when it ends just before `index` (which holds a space).
    private static func separator(endingBefore index: Int, in title: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        if index - 2 >= start, title[index - 2] == space, title[index - 1] == UInt8(ascii: "|") || title[index - 1] == UInt8(ascii: "-") {
            return index - 2
        }
        if index - 4 >= start, title[index - 4] == space, title[index - 3] == 0xE2, title[index - 2] == 0x80,
           title[index - 1] == 0x93 || title[index - 1] == 0x94 {
            return index - 4
        }
        return nil
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
    }

    private static func words(_ title: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0, inWord = false
        for index in range {
            let isSpace = title[index] == space
            if !isSpace && !inWord { count += 1 }
            inWord = !isSpace
        }
        return count
    }
}
