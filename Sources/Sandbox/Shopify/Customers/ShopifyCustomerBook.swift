import Foundation
import Synchronization

/// The customers at one moment, with their folded search documents: what one request reads.
struct CustomerDirectory: Sendable {
    /// Ascending id order.
    let customers: [ShopifyCustomer]
    let documents: [CustomerSearchDocument]
    private let indexByID: [Int: Int]

    init(customers: [ShopifyCustomer]) {
        self.customers = customers.sorted { $0.id < $1.id }
        documents = self.customers.map(CustomerSearchDocument.init)
        var indexByID: [Int: Int] = [:]
        for (index, customer) in self.customers.enumerated() { indexByID[customer.id] = index }
        self.indexByID = indexByID
    }

    func customer(id: Int) -> ShopifyCustomer? {
        indexByID[id].map { customers[$0] }
    }

    /// Customers matching `search`, sorted ascending by `sortKey` (a `CustomerSortKeys` name).
    func customers(matching search: CompiledSearch?, sortKey: String) -> (items: [OrderedItem<ShopifyCustomer>], kind: SortValueKind) {
        let useRelevance = sortKey == "RELEVANCE" && !(search?.expression.positiveFreeTextTerms.isEmpty ?? true)
        let kind: SortValueKind = ["NAME", "CREATED_AT", "UPDATED_AT", "LOCATION"].contains(sortKey) ? .text : .number
        var items: [OrderedItem<ShopifyCustomer>] = []
        for (index, customer) in customers.enumerated() {
            let document = documents[index]
            if let search, !CustomerSearch.matches(search, document) { continue }
            let value: SortPosition.Value
            let cursorValue: String
            switch sortKey {
            case "NAME":
                (value, cursorValue) = (.text(TextFolding.fold(customer.displayName)), customer.displayName)
            case "CREATED_AT":
                (value, cursorValue) = (.text(document.createdAt), customer.createdAt)
            case "UPDATED_AT":
                (value, cursorValue) = (.text(document.updatedAt), customer.updatedAt)
            case "LOCATION":
                let location = "\(customer.defaultAddress?.country ?? "") \(customer.defaultAddress?.city ?? "")"
                (value, cursorValue) = (.text(TextFolding.fold(location)), location)
            case "RELEVANCE" where useRelevance:
                let score = -CustomerSearch.relevance(search ?? CustomerSearch.compile(""), document)
                (value, cursorValue) = (.number(score), String(score))
            default:
                (value, cursorValue) = (.number(customer.id), String(customer.id))
            }
            items.append(OrderedItem(value: value, cursorValue: cursorValue, id: customer.id, node: customer))
        }
        if sortKey != "ID" { items.sort { $0.position.isBefore($1.position) } }
        return (items, kind)
    }
}

/// The store's customers, whose tags `tagsAdd` changes while the simulator runs. Shared by
/// concurrent requests; each request reads one consistent `CustomerDirectory`.
final class ShopifyCustomerBook: Sendable {
    private let directory: Mutex<CustomerDirectory>

    init(customers: [ShopifyCustomer]) {
        directory = Mutex(CustomerDirectory(customers: customers))
    }

    var snapshot: CustomerDirectory { directory.withLock { $0 } }

    /// Why `addTags` refused.
    enum TagsRefusal: Error, Equatable {
        case customerNotFound
        case tagTooLong(String)
    }

    /// Adds tags (each split on commas, trimmed, deduplicated case-insensitively, as Shopify
    /// does) and returns the updated customer.
    func addTags(_ tags: [String], toCustomer id: Int, at unixTime: Int) -> Result<ShopifyCustomer, TagsRefusal> {
        let cleaned = tags.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        if let long = cleaned.first(where: { $0.count > 255 }) { return .failure(.tagTooLong(long)) }
        return directory.withLock { directory in
            guard var customer = directory.customer(id: id) else { return .failure(.customerNotFound) }
            var known = Set(customer.tags.map { $0.lowercased() })
            var changed = false
            for tag in cleaned where !known.contains(tag.lowercased()) {
                known.insert(tag.lowercased())
                customer.tags.append(tag)
                changed = true
            }
            if changed {
                customer.tags.sort { $0.lowercased() < $1.lowercased() }
                customer.updatedAt = ISOTimestamp.string(fromUnixTime: unixTime)
                var all = directory.customers
                if let index = all.firstIndex(where: { $0.id == id }) { all[index] = customer }
                directory = CustomerDirectory(customers: all)
            }
            return .success(customer)
        }
    }
}
