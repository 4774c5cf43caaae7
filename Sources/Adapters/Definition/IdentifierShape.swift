import Plugins

/// The shape of the ids an upstream can have (the adapter's `ids:`), e.g. Shopify's digits. A
/// category id the Desk sends outside it cannot name anything in the shop: it is the caller's
/// mistake (400, naming the parameter), and no upstream call is made for it.
package struct IdentifierShape: Sendable {
    /// A regular expression the whole id must match.
    let pattern: String
    /// What the ids are, in words, for the 400's message ("must be <expected>").
    let expected: String

    /// The id parameters the shape applies to: those that name a category.
    static let parameters = ["idCategory", "idParent"]

    /// Nil when `pattern` is not a regular expression (with the reason).
    static func invalidity(of pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Whether `id` has the shape. The pattern is compiled per check: `Regex` cannot be shared
    /// between tasks, and a check costs microseconds next to an upstream call.
    func admits(_ id: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: id)) != nil
    }

    func check(_ id: String?, parameter: String) throws(ParameterError) {
        guard let id, !admits(id) else { return }
        throw .invalidCharacters(parameter: parameter, expected: expected)
    }
}
