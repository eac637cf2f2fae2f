extension Array where Element: FixedWidthInteger {
    /// Sorts ascending in place. For the short arrays of term ids and packed weights every item makes (tens
    /// of elements), a plain quicksort with insertion sort for small ranges beats the standard library's
    /// stable merge sort; ranges split more unevenly than their size warrants fall back to the standard sort.
    @inline(__always)
    mutating func sortIntegers() {
        withUnsafeMutableBufferPointer { buffer in
            guard buffer.count > 16 else { return Self.insertionSort(buffer, 0, buffer.count - 1) }
            // Ranges still to sort, with the splits each may still take; the smaller side of every split is
            // sorted first, so at most log2(count) ranges wait.
            var pending: [(low: Int, high: Int, splits: Int)] = [(0, buffer.count - 1, 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount))]
            while var (low, high, splits) = pending.popLast() {
                while high - low > 16 {
                    if splits == 0 {
                        var rest = UnsafeMutableBufferPointer(rebasing: buffer[low...high])
                        rest.sort()
                        low = high
                        break
                    }
                    splits -= 1
                    let (left, right) = Self.partition(buffer, low, high)
                    if left - low < high - right {
                        pending.append((right, high, splits)); high = left
                    } else {
                        pending.append((low, left, splits)); low = right
                    }
                }
                Self.insertionSort(buffer, low, high)
            }
        }
    }

    /// Hoare partition around the median of the first, middle and last elements: afterwards every element
    /// up to the returned `left` is at most every element from `right` on.
    @inline(__always)
    private static func partition(_ a: UnsafeMutableBufferPointer<Element>, _ low: Int, _ high: Int) -> (left: Int, right: Int) {
        let middle = low + (high - low) / 2
        if a[middle] < a[low] { a.swapAt(middle, low) }
        if a[high] < a[low] { a.swapAt(high, low) }
        if a[high] < a[middle] { a.swapAt(high, middle) }
        let pivot = a[middle]
        var i = low, j = high
        while i <= j {
            while a[i] < pivot { i += 1 }
            while pivot < a[j] { j -= 1 }
            if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
        }
        return (j, i)
    }

    @inline(__always)
    private static func insertionSort(_ a: UnsafeMutableBufferPointer<Element>, _ low: Int, _ high: Int) {
        guard low < high else { return }
        for index in (low + 1)...high {
            let value = a[index]
            var position = index
            while position > low && a[position - 1] > value {
                a[position] = a[position - 1]
                position -= 1
            }
            a[position] = value
        }
    }
}
