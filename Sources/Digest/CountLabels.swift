import Foundation

/// `1,234,567`: counts in headers read at a glance.
func groupedNumber(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return value < 0 ? "-" + out : out
}

/// `950`, `12k`, `3.4M` (rounded down, never overstating): chart labels that fit above a bar.
func compactNumber(_ value: Int) -> String {
    func scaled(_ divisor: Double, _ suffix: String) -> String {
        let amount = Double(value) / divisor
        let text = amount < 10 ? String(format: "%.1f", (amount * 10).rounded(.down) / 10) : String(Int(amount.rounded(.down)))
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + suffix
    }
    switch abs(value) {
    case ..<10_000: return groupedNumber(value)
    case ..<1_000_000: return scaled(1_000, "k")
    default: return scaled(1_000_000, "M")
    }
}

/// `1 story`, `12 stories`.
func counted(_ value: Int, _ singular: String, _ plural: String) -> String {
    "\(groupedNumber(value)) \(value == 1 ? singular : plural)"
}
