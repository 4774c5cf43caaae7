import Synchronization

/// The language each operator last opened a customer panel in. The action URL's body carries no
/// locale (iAdvize sends `idOperator`, not `operatorLocale`), so an action answers in the language
/// the same operator's panel was asked in; an operator not seen yet (another replica served the
/// panel, or the gateway restarted) gets the tenant's language.
package final class OperatorLanguages: Sendable {
    private let languages = Mutex<[String: Language]>([:])
    /// Operators remembered at most; past it the memory starts over (a few bytes each).
    private let capacity: Int

    package init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    package func record(_ language: Language, for idOperator: String) {
        languages.withLock { languages in
            if languages.count >= capacity && languages[idOperator] == nil { languages.removeAll(keepingCapacity: true) }
            languages[idOperator] = language
        }
    }

    package func language(of idOperator: String?) -> Language? {
        guard let idOperator else { return nil }
        return languages.withLock { $0[idOperator] }
    }
}
