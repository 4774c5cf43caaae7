/// How much memory a parsed JSON value holds on the heap, so that caches bounded in bytes can
/// charge what a kept value really costs. A parsed tree takes several times its text: every
/// array, object and string longer than 15 bytes is an allocation with a header.
///
/// An estimate from the standard library's layouts on 64-bit platforms (32-byte headers for
/// array and string storage, allocations rounded as glibc's malloc does), counting arrays by their
/// capacity, not their count.
extension JSON {
    /// Heap bytes held by this value and everything in it (not its own inline size).
    package var heapFootprint: Int {
        switch self {
        case .null, .bool, .number: 0
        case .string(let text): JSONFootprint.string(text)
        case .array(let elements):
            elements.reduce(JSONFootprint.arrayStorage(capacity: elements.capacity, stride: MemoryLayout<JSON>.stride)) {
                $0 + $1.heapFootprint
            }
        case .object(let object): object.heapFootprint
        }
    }
}

extension JSONObject {
    /// Heap bytes held by the pairs (keys and values) and, for large objects, the key index.
    package var heapFootprint: Int {
        var total = JSONFootprint.arrayStorage(capacity: entries.capacity, stride: MemoryLayout<Entry>.stride)
        for entry in entries { total += JSONFootprint.string(entry.key) + entry.value.heapFootprint }
        if let index { total += JSONFootprint.dictionaryStorage(capacity: index.capacity, stride: MemoryLayout<(String, Int)>.stride) }
        return total
    }
}

enum JSONFootprint {
    /// Strings of up to 15 UTF-8 bytes are stored inline; longer ones take a storage object.
    static func string(_ text: String) -> Int {
        string(byteCount: text.utf8.count)
    }

    static func string(byteCount count: Int) -> Int {
        count <= 15 ? 0 : allocation(32 + count + 1)
    }

    static func arrayStorage(capacity: Int, stride: Int) -> Int {
        capacity == 0 ? 0 : allocation(32 + capacity * stride)
    }

    /// A native dictionary: a header, an occupancy bitmap, then keys and values for every bucket.
    static func dictionaryStorage(capacity: Int, stride: Int) -> Int {
        var buckets = 1
        while Double(buckets) * 0.75 < Double(capacity) { buckets <<= 1 }
        return allocation(64 + (buckets + 7) / 8 + buckets * stride)
    }

    /// glibc's malloc: 8 bytes of chunk header, 16-byte alignment, 32 bytes at least.
    static func allocation(_ bytes: Int) -> Int {
        max(32, (bytes + 8 + 15) & ~15)
    }
}
