/// A JSON object: key/value pairs in insertion order (encoding keeps that order).
///
/// Lookups return the first pair with the key. Small objects (the common case, under
/// `indexThreshold` keys) are scanned linearly, which beats hashing for a handful of short keys;
/// larger ones also keep a key → position index.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    public typealias Element = (key: String, value: JSON)
    public typealias Index = Int

    /// One stored pair.
    @usableFromInline
    struct Entry: Sendable, Hashable {
        @usableFromInline var key: String
        @usableFromInline var value: JSON

        @inlinable init(key: String, value: JSON) {
            self.key = key
            self.value = value
        }
    }

    /// Objects with at least this many pairs keep a hash index beside the pairs.
    package static let indexThreshold = 40

    @usableFromInline var entries: [Entry]
    /// Position of the first pair of each key; present only once the object is large.
    @usableFromInline var index: [String: Int]?

    /// An empty object.
    @inlinable package init() {
        entries = []
        index = nil
    }

    /// An empty object with room for `minimumCapacity` pairs.
    package init(minimumCapacity: Int) {
        entries = []
        entries.reserveCapacity(minimumCapacity)
        index = nil
    }

    /// An object holding `pairs` in order (duplicate keys are kept; lookups see the first).
    package init<S: Sequence>(_ pairs: S) where S.Element == (key: String, value: JSON) {
        self.init()
        for pair in pairs { append(key: pair.key, value: pair.value) }
    }

    // MARK: Collection

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { entries.count }
    @inlinable public var count: Int { entries.count }
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    @inlinable public subscript(position: Int) -> (key: String, value: JSON) {
        let entry = entries[position]
        return (entry.key, entry.value)
    }

    /// The keys in order.
    package var keys: [String] { entries.map(\.key) }

    /// The values in key order.
    package var values: [JSON] { entries.map(\.value) }

    // MARK: Lookup and update

    /// The value of the first pair with `key`; setting replaces that pair's value in place or
    /// appends a new pair, and setting `nil` removes every pair with the key.
    @inlinable package subscript(key: String) -> JSON? {
        get {
            guard let position = position(of: key) else { return nil }
            return entries[position].value
        }
        set {
            if let newValue {
                if let position = position(of: key) {
                    entries[position].value = newValue
                } else {
                    append(key: key, value: newValue)
                }
            } else {
                removeAll(key: key)
            }
        }
    }

    /// The position of the first pair with `key`.
    @inlinable package func position(of key: String) -> Int? {
        if let index { return index[key] }
        // Compare lengths first: cheap for native strings and rejects most keys.
        let length = key.utf8.count
        for position in entries.indices {
            let candidate = entries[position].key
            if candidate.utf8.count == length && candidate == key { return position }
        }
        return nil
    }

    /// Appends a pair, even when the key already exists (lookups keep seeing the first one).
    @usableFromInline package mutating func append(key: String, value: JSON) {
        entries.append(Entry(key: key, value: value))
        if var existing = index.take() {  // moved out, so updating it does not copy
            if existing[key] == nil { existing[key] = entries.count - 1 }
            index = existing
        } else if entries.count >= Self.indexThreshold {
            rebuildIndex()
        }
    }

    /// Removes every pair with `key`.
    @usableFromInline package mutating func removeAll(key: String) {
        let before = entries.count
        entries.removeAll { $0.key == key }
        if entries.count != before { rebuildIndex() }
    }

    @usableFromInline mutating func rebuildIndex() {
        guard entries.count >= Self.indexThreshold else {
            index = nil
            return
        }
        var built = [String: Int](minimumCapacity: entries.count)
        for (position, entry) in entries.enumerated() where built[entry.key] == nil {
            built[entry.key] = position
        }
        index = built
    }

    // MARK: Equality

    /// Same pairs in the same order (the index is a cache and does not count).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries == rhs.entries
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Builds an object keeping the literal's key order.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(minimumCapacity: elements.count)
        for (key, value) in elements { append(key: key, value: value) }
    }
}
