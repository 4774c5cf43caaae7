import Mapping

/// The cursor memo of one paginated upstream list: for each page reached so far, the position that
/// fetches it (a cursor or a URL; null for numbered pages) and how many kept items come before it. Paging deeper starts from the nearest known
/// page instead of walking again from the first.
struct CursorTrail: Sendable {
    struct PageStart: Sendable, Hashable {
        /// The cursor or URL of this page; null for the first page and for numbered pages.
        var position: JSON
        /// Items kept (after the adapter's `where`) on all earlier pages.
        var keptBefore: Int
    }

    private(set) var pages: [Int: PageStart] = [0: PageStart(position: .null, keptBefore: 0)]

    /// The known page closest before the item at `offset`.
    func start(for offset: Int) -> (page: Int, start: PageStart) {
        var best = (page: 0, start: pages[0]!)
        for (page, start) in pages where start.keptBefore <= offset && page > best.page {
            best = (page, start)
        }
        return best
    }

    mutating func record(page: Int, _ start: PageStart) {
        pages[page] = start
    }

    /// Weight in the cursor cache.
    var cost: Int { 64 + pages.count * 96 }
}
