extension Array where Element: Comparable {
    /// Membership in an ascending array (binary search).
    func binaryContains(_ value: Element) -> Bool {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value
    }
}
