/// The searchable form of a collection.
struct CollectionSearchDocument: Sendable {
    let id: Int
    let titleWords: [String]
    let handle: String
    let handleWords: [String]
    let updatedAt: String

    init(_ collection: ShopifyCollection) {
        id = collection.id
        titleWords = TextFolding.words(of: collection.title)
        handle = TextFolding.fold(collection.handle)
        handleWords = TextFolding.words(ofFolded: handle)
        updatedAt = collection.updatedAt.lowercased()
    }
}

/// Collection search semantics for `collections(query:)`.
enum CollectionSearch {
    static let knownFields: Set<String> = ["title", "handle", "id", "updated_at"]

    static func compile(_ query: String) -> CompiledSearch {
        CompiledSearch(query: query, knownFields: knownFields)
    }

    static func matches(_ search: CompiledSearch, _ document: CollectionSearchDocument) -> Bool {
        search.expression.evaluate { matches($0, document) }
    }

    static func matches(_ term: SearchTerm, _ document: CollectionSearchDocument) -> Bool {
        let value = term.foldedValue
        switch term.field {
        case nil:
            let words = term.foldedWords
            guard !words.isEmpty else { return true }
            return SearchMatching.containsPhrase(words, in: document.titleWords, lastIsPrefix: !term.isPhrase)
                || SearchMatching.containsPhrase(words, in: document.handleWords, lastIsPrefix: !term.isPhrase)
        case "title":
            let words = term.foldedWords
            if words.isEmpty { return term.isPrefix }
            return SearchMatching.containsPhrase(words, in: document.titleWords, lastIsPrefix: term.isPrefix)
        case "handle":
            return SearchMatching.matchesValue(document.handle, value, isPrefix: term.isPrefix)
        case "id":
            return SearchMatching.compareNumber(document.id, SearchMatching.numericID(value), term.comparison)
        case "updated_at":
            return SearchMatching.compareText(document.updatedAt, value, term.comparison)
        default:
            return true
        }
    }

    static func relevance(_ search: CompiledSearch, _ document: CollectionSearchDocument) -> Int {
        search.expression.positiveFreeTextTerms.reduce(0) { score, term in
            let words = term.foldedWords
            let found = !words.isEmpty && SearchMatching.containsPhrase(words, in: document.titleWords, lastIsPrefix: !term.isPhrase)
            return score + (found ? 3 : 0)
        }
    }
}
