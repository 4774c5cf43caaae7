/// What parsing a document will take in memory, read from its text in one pass that allocates
/// nothing, so that a `ParseBudget` can be asked for it before the parse starts.
///
/// The parsed tree costs far more than its text, and how much more depends on its shape:
/// `[[0],[0],…]` takes about 22 bytes per byte of text (each `[0]` is a 24-byte value in its
/// parent and a 64-byte array of its own), a flat list of short strings about 5. So the cost is
/// counted per value, with the layouts `heapFootprint` uses: every array and object's storage at
/// the capacity its appends grow it to, every string longer than 15 bytes, object key indexes,
/// the largest buffer once more (a growing array briefly holds its old and new storage), and the
/// text itself.
///
/// An estimate that errs high: escapes count as their raw bytes, and capacities as the next
/// power of two. Malformed text is costed as far as it goes (the parser refuses it there).
extension JSON {
    package static func parsingCost(of bytes: some Collection<UInt8>) -> Int {
        if let cost = bytes.withContiguousStorageIfAvailable({ JSONParseCost.estimate($0) }) { return cost }
        return Array(bytes).withUnsafeBufferPointer { JSONParseCost.estimate($0) }
    }
}

enum JSONParseCost {
    private struct Container {
        var isObject: Bool
        var count = 0
    }

    static func estimate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var total = bytes.count
        var largest = 0
        // Bounded like the parser's nesting: deeper text is refused by the parser at that depth.
        var open: [Container] = []
        open.reserveCapacity(32)
        var position = 0

        func close(_ container: Container) {
            let storage: Int
            if container.isObject {
                storage =
                    JSONFootprint.arrayStorage(capacity: grownCapacity(container.count), stride: MemoryLayout<JSONObject.Entry>.stride)
                    + (container.count >= JSONObject.indexThreshold
                        ? JSONFootprint.dictionaryStorage(capacity: 2 * container.count, stride: MemoryLayout<(String, Int)>.stride) : 0)
            } else {
                storage = JSONFootprint.arrayStorage(capacity: grownCapacity(container.count), stride: MemoryLayout<JSON>.stride)
            }
            total += storage
            largest = max(largest, storage)
        }

        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                guard open.count < JSONParser.maximumDepth else {
                    position = bytes.count
                    continue
                }
                if !open.isEmpty && !open[open.count - 1].isObject { open[open.count - 1].count += 1 }
                open.append(Container(isObject: byte == UInt8(ascii: "{")))
                position += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let container = open.popLast() { close(container) }
                position += 1
            case UInt8(ascii: "\""):
                let start = position + 1
                position = start
                while position < bytes.count && bytes[position] != UInt8(ascii: "\"") {
                    position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
                }
                total += JSONFootprint.string(byteCount: min(position, bytes.count) - start)
                position += 1
                // A string is a value in an array; in an object, the value that follows its key
                // is counted at the colon, and a key's own cost is its string.
                if !open.isEmpty && !open[open.count - 1].isObject { open[open.count - 1].count += 1 }
            case UInt8(ascii: ":"):
                if !open.isEmpty && open[open.count - 1].isObject { open[open.count - 1].count += 1 }
                position += 1
            case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                position += 1
            default:
                // A number or a literal: one value, stored inline in its container.
                if !open.isEmpty && !open[open.count - 1].isObject { open[open.count - 1].count += 1 }
                position += 1
                while position < bytes.count && !isDelimiter(bytes[position]) { position += 1 }
            }
        }
        // Containers the text never closed were still built up to here.
        while let container = open.popLast() { close(container) }
        return total + largest / 2
    }

    /// An upper bound of an array's capacity after `count` appends (it doubles as it grows).
    private static func grownCapacity(_ count: Int) -> Int {
        count <= 1 ? count : 1 << (Int.bitWidth - (count).leadingZeroBitCount)
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: "\""),
            UInt8(ascii: "["), UInt8(ascii: "{"), 0x20, 0x0A, 0x0D, 0x09:
            true
        default: false
        }
    }
}
