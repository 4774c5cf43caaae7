/// The searchable form of a customer.
struct CustomerSearchDocument: Sendable {
    let id: Int
    let nameWords: [String]
    let firstName: String
    let lastName: String
    /// Folded (lowercased): email search ignores case, as Shopify's does.
    let email: String
    let emailWords: [String]
    /// Digits only, with the leading `+` removed.
    let phoneDigits: String
    let tags: [String]
    let state: String
    let country: String
    let countryCode: String
    let ordersCount: Int
    let totalSpentCents: Int
    let createdAt: String
    let updatedAt: String

    init(_ customer: ShopifyCustomer) {
        id = customer.id
        firstName = TextFolding.fold(customer.firstName ?? "")
        lastName = TextFolding.fold(customer.lastName ?? "")
        nameWords = TextFolding.words(ofFolded: "\(firstName) \(lastName)")
        email = TextFolding.fold(customer.email ?? "")
        emailWords = TextFolding.words(ofFolded: email)
        phoneDigits = (customer.phone ?? "").filter(\.isNumber)
        tags = customer.tags.map(TextFolding.fold)
        state = customer.state.lowercased()
        country = TextFolding.fold(customer.defaultAddress?.country ?? "")
        countryCode = (customer.defaultAddress?.countryCode ?? "").lowercased()
        ordersCount = customer.numberOfOrders
        totalSpentCents = customer.amountSpent.cents
        createdAt = customer.createdAt.lowercased()
        updatedAt = customer.updatedAt.lowercased()
    }
}

/// Customer search semantics for `customers(query:)` (GraphQL) and `customers/search.json` (REST).
enum CustomerSearch {
    static let knownFields: Set<String> = [
        "email", "phone", "first_name", "last_name", "tag", "tag_not", "id", "state", "country", "orders_count",
        "total_spent", "created_at", "updated_at",
    ]

    static func compile(_ query: String) -> CompiledSearch {
        CompiledSearch(query: query, knownFields: knownFields)
    }

    static func matches(_ search: CompiledSearch, _ document: CustomerSearchDocument) -> Bool {
        search.expression.evaluate { matches($0, document) }
    }

    static func matches(_ term: SearchTerm, _ document: CustomerSearchDocument) -> Bool {
        let value = term.foldedValue
        switch term.field {
        case nil:
            let words = term.foldedWords
            guard !words.isEmpty else { return true }
            let prefix = !term.isPhrase
            return SearchMatching.containsPhrase(words, in: document.nameWords, lastIsPrefix: prefix)
                || SearchMatching.containsPhrase(words, in: document.emailWords, lastIsPrefix: prefix)
                || (!document.email.isEmpty && document.email == value)
        case "email":
            return SearchMatching.matchesValue(document.email, value, isPrefix: term.isPrefix)
        case "phone":
            let digits = value.filter(\.isNumber)
            return !digits.isEmpty && (term.isPrefix ? document.phoneDigits.hasPrefix(digits) : document.phoneDigits == digits)
        case "first_name":
            return SearchMatching.matchesValue(document.firstName, value, isPrefix: term.isPrefix)
        case "last_name":
            return SearchMatching.matchesValue(document.lastName, value, isPrefix: term.isPrefix)
        case "tag":
            return document.tags.contains { SearchMatching.matchesValue($0, value, isPrefix: term.isPrefix) }
        case "tag_not":
            return !document.tags.contains { SearchMatching.matchesValue($0, value, isPrefix: term.isPrefix) }
        case "id":
            return SearchMatching.compareNumber(document.id, SearchMatching.numericID(value), term.comparison)
        case "state":
            return document.state == value
        case "country":
            return document.country == value || document.countryCode == value
        case "orders_count":
            return SearchMatching.compareNumber(document.ordersCount, Int(value), term.comparison)
        case "total_spent":
            let cents = Double(value).map { Int(($0 * 100).rounded()) }
            return SearchMatching.compareNumber(document.totalSpentCents, cents, term.comparison)
        case "created_at":
            return SearchMatching.compareText(document.createdAt, value, term.comparison)
        case "updated_at":
            return SearchMatching.compareText(document.updatedAt, value, term.comparison)
        default:
            return true
        }
    }

    /// A relevance score: free-text terms found in the name weigh 3, in the email 1.
    static func relevance(_ search: CompiledSearch, _ document: CustomerSearchDocument) -> Int {
        search.expression.positiveFreeTextTerms.reduce(0) { score, term in
            let words = term.foldedWords
            guard !words.isEmpty else { return score }
            if SearchMatching.containsPhrase(words, in: document.nameWords, lastIsPrefix: !term.isPhrase) { return score + 3 }
            if SearchMatching.containsPhrase(words, in: document.emailWords, lastIsPrefix: !term.isPhrase) { return score + 1 }
            return score
        }
    }
}
