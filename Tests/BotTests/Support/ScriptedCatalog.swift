import Adapters
import Foundation
import Logging
import Plugins
import Synchronization

/// A catalog for the assistant's unit tests: its products, searched by title words, with an
/// optional failure or a delay that ignores cancellation (as a stuck upstream call would).
final class ScriptedCatalog: Catalog {
    let items: [Product]
    let failure: AdapterError?
    let delay: Duration?
    private let calls = Mutex<[ProductQuery]>([])
    private let finished = Mutex(0)

    init(_ items: [Product], failure: AdapterError? = nil, delay: Duration? = nil) {
        self.items = items
        self.failure = failure
        self.delay = delay
    }

    /// The product queries received, in order.
    var queries: [ProductQuery] { calls.withLock { $0 } }
    /// Calls that ran to their end.
    var finishedCount: Int { finished.withLock { $0 } }

    func categories(_ query: CategoryQuery, logger: Logger) async throws(AdapterError) -> [Category] { [] }

    func products(_ query: ProductQuery, logger: Logger) async throws(AdapterError) -> [Product] {
        calls.withLock { $0.append(query) }
        defer { finished.withLock { $0 += 1 } }
        if let delay {
            // Deliberately deaf to cancellation.
            let end = ContinuousClock.now + delay
            while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
        }
        if let failure { throw failure }
        let words = (query.searchQuery ?? "").lowercased().split(separator: " ")
        let matching = items.filter { product in words.allSatisfy { product.title.lowercased().contains($0) } }
        return Array(matching.dropFirst(query.window.offset).prefix(query.window.limit))
    }

    /// `count` products named "<word> n", with pages, prices and images.
    static func products(_ word: String, count: Int) -> [Product] {
        (1...max(1, count)).prefix(count).map { index in
            Product(
                id: "\(word)-\(index)", title: "\(word.capitalized) \(index)", productUrl: "https://shop.example.com/products/\(word)-\(index)",
                description: "A fine \(word).", available: index % 2 == 1, imageUrl: "https://cdn.example.com/\(word)-\(index).jpg",
                reference: "REF-\(index)", priceCatalog: "\(index)9.90 €", pricePromotion: index == 1 ? "9.90 €" : nil)
        }
    }
}
