import GraphQL
import Synchronization

/// What every resolver of one request sees: the immutable store, the customers as they were when
/// the request arrived (and the book mutations change), and the request's search log. A class,
/// so that resolvers unbox it with a single retain.
final class ShopifyResolverContext: Sendable {
    let store: ShopifyStore
    let customers: CustomerDirectory
    let customerBook: ShopifyCustomerBook
    let searchLog: SearchLog

    init(store: ShopifyStore, customerBook: ShopifyCustomerBook, searchLog: SearchLog) {
        self.store = store
        customers = customerBook.snapshot
        self.customerBook = customerBook
        self.searchLog = searchLog
    }
}

/// The root value of every operation.
struct ShopifyRoot: Sendable {}

/// Search warnings met while executing one request, reported in `extensions.search`.
final class SearchLog: Sendable {
    struct Entry: Sendable {
        let path: [String]
        let query: String
        let warnings: [SearchWarning]
    }

    private let entries = Mutex<[Entry]>([])

    func record(_ search: CompiledSearch, info: GraphQLResolveInfo) {
        guard !search.warnings.isEmpty else { return }
        let path = info.path.elements.compactMap { element -> String? in
            if case .key(let key) = element { return key }
            return nil
        }
        entries.withLock { $0.append(Entry(path: path, query: search.query, warnings: search.warnings)) }
    }

    var all: [Entry] { entries.withLock { $0 } }
}
