/// The entries of a ``ResponseCache``: a dictionary into slots linked as a recency list (O(1)
/// lookup, insert, touch and eviction of the least recently used), plus a min-heap of the instants
/// at which entries become useless (past every window), so that those go first when room is needed.
///
/// Stale entries still count against `maxBytes`. Not thread-safe: ``ResponseCache`` keeps it
/// behind its mutex.
struct CacheStorage<Value> {
    private struct Entry {
        let key: CacheKey
        let stored: StoredEntry<Value>
        let cost: Int
        /// Distinguishes this entry from earlier ones in the same slot (for stale heap items).
        let generation: UInt64
        var newer: Int?
        var older: Int?
    }

    let maxBytes: Int
    private var slots: [Entry?] = []
    private var freeSlots: [Int] = []
    private var index: [CacheKey: Int] = [:]
    private var newest: Int?
    private var oldest: Int?
    private var expiries = ExpiryHeap()
    private var nextGeneration: UInt64 = 0
    private(set) var bytes = 0
    private(set) var evictions = 0
    private(set) var expirations = 0

    init(maxBytes: Int) {
        self.maxBytes = max(maxBytes, 0)
    }

    var count: Int { index.count }

    /// The entry for `key` while any of its windows is open, marked most recently used; an entry
    /// past every window is dropped.
    mutating func entry(for key: CacheKey, now: ContinuousClock.Instant) -> StoredEntry<Value>? {
        guard let slot = index[key], let entry = slots[slot] else { return nil }
        guard now < entry.stored.lifetime.keepUntil else {
            remove(slot)
            expirations += 1
            return nil
        }
        if newest != slot {
            unlink(slot)
            linkAsNewest(slot)
        }
        return entry.stored
    }

    /// Stores `stored` (replacing any entry for `key`), dropping entries past every window, then
    /// the least recently used ones, until it fits. Returns false, storing nothing, when `cost`
    /// alone exceeds `maxBytes` or the entry is already useless.
    @discardableResult
    mutating func insert(_ stored: StoredEntry<Value>, for key: CacheKey, cost: Int, now: ContinuousClock.Instant) -> Bool {
        removeValue(for: key)
        dropExpired(now: now)
        guard cost <= maxBytes, now < stored.lifetime.keepUntil else { return false }
        while bytes + cost > maxBytes, let slot = oldest {
            remove(slot)
            evictions += 1
        }

        let entry = Entry(key: key, stored: stored, cost: cost, generation: nextGeneration, newer: nil, older: nil)
        nextGeneration += 1
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = entry
        } else {
            slot = slots.count
            slots.append(entry)
        }
        index[key] = slot
        bytes += cost
        linkAsNewest(slot)
        expiries.push(.init(expiry: stored.lifetime.keepUntil, slot: slot, generation: entry.generation))
        if expiries.count > 2 * index.count + 64 { rebuildExpiries() }
        return true
    }

    mutating func removeValue(for key: CacheKey) {
        if let slot = index[key] { remove(slot) }
    }

    mutating func removeAll() {
        slots = []
        freeSlots = []
        index = [:]
        newest = nil
        oldest = nil
        expiries = ExpiryHeap()
        bytes = 0
    }

    /// Drops every entry past all of its windows (cheap: only the heap's top is looked at).
    mutating func dropExpired(now: ContinuousClock.Instant) {
        while let next = expiries.min, next.expiry <= now {
            expiries.popMin()
            if let entry = slots[next.slot], entry.generation == next.generation {
                remove(next.slot)
                expirations += 1
            }
        }
    }

    // MARK: Private

    private mutating func remove(_ slot: Int) {
        guard let entry = slots[slot] else { return }
        unlink(slot)
        index[entry.key] = nil
        bytes -= entry.cost
        slots[slot] = nil
        freeSlots.append(slot)
    }

    private mutating func linkAsNewest(_ slot: Int) {
        slots[slot]?.older = newest
        slots[slot]?.newer = nil
        if let newest { slots[newest]?.newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
    }

    private mutating func unlink(_ slot: Int) {
        guard let entry = slots[slot] else { return }
        if let newer = entry.newer { slots[newer]?.older = entry.older } else { newest = entry.older }
        if let older = entry.older { slots[older]?.newer = entry.newer } else { oldest = entry.newer }
        slots[slot]?.newer = nil
        slots[slot]?.older = nil
    }

    /// Drops heap items of entries that were replaced or removed, keeping the heap O(entries).
    private mutating func rebuildExpiries() {
        var fresh = ExpiryHeap()
        for case let (slot, entry?) in slots.enumerated() {
            fresh.push(.init(expiry: entry.stored.lifetime.keepUntil, slot: slot, generation: entry.generation))
        }
        expiries = fresh
    }
}

/// A binary min-heap of expiry instants.
struct ExpiryHeap {
    struct Item {
        let expiry: ContinuousClock.Instant
        let slot: Int
        let generation: UInt64
    }

    private var items: [Item] = []

    var count: Int { items.count }
    var min: Item? { items.first }

    mutating func push(_ item: Item) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].expiry < items[parent].expiry else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].expiry < items[smallest].expiry { smallest = left }
            if right < items.count, items[right].expiry < items[smallest].expiry { smallest = right }
            guard smallest != parent else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
