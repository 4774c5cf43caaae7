import Adapters
import Mapping

/// What `deskbridge try` finds wrong in an answer that satisfies the contract: a mapping that found
/// nothing, calls not sent or failed for some items, a product count that does not add up.
struct TryFindings {
    private(set) var warnings: [String] = []

    mutating func warn(_ text: String) { warnings.append(text) }

    /// Fields a whole page may rightly lack: no product of the window on sale.
    static let oftenEmpty: Set<String> = ["pricePromotion", "priceSpecial"]

    /// A computed field that is null or empty on every item is almost always a mapping that reads a
    /// wrong key or an enrichment that failed.
    mutating func checkFields(of items: [JSON], computed fieldNames: [String]) {
        guard !items.isEmpty else { return }
        for name in fieldNames where !Self.oftenEmpty.contains(name) {
            let empty = items.allSatisfy { item in
                switch item.objectValue?[name] ?? .null {
                case .null: true
                case .string(let text): text.isEmpty
                default: false
                }
            }
            if empty {
                warn("'\(name)' is empty or null on every item (\(items.count)): check its mapping, or write it as null if the upstream has none")
            }
        }
    }

    /// Requests the adapter did not send, and calls that failed while the answer was still built
    /// (an enrichment's "not found" becomes null): the items they concern miss a value.
    mutating func checkCalls(_ log: UpstreamCallLog) {
        for unsent in log.unsent {
            warn("not sent: \(unsent.summary)")
        }
        for entry in log.entries {
            guard let failure = entry.failure else { continue }
            let status = entry.status.map { "HTTP \($0)" } ?? "no answer"
            let upstreamSays = entry.body.flatMap(Self.upstreamMessage).map { "; the upstream says: \($0)" } ?? ""
            warn("failed: \(entry.method) \(entry.url) (\(status)): \(failure)\(upstreamSays)")
        }
        for omission in log.omissions {
            warn("optional '\(omission.name)' left out: \(omission.reason)")
        }
    }

    /// The upstream's own explanation in an error answer, from the keys APIs commonly use.
    static func upstreamMessage(_ body: JSON) -> String? {
        let candidates: [JSON?] = [
            body.objectValue?["message"], body.objectValue?["error_description"], body.objectValue?["detail"],
            body.objectValue?["hydra:description"], body.objectValue?["title"],
            body.objectValue?["error"].flatMap { $0.objectValue?["message"] ?? $0 },
            body.objectValue?["errors"].flatMap { $0.arrayValue?.first }.flatMap { $0.objectValue?["message"] ?? $0 },
            body.objectValue?["errors"].flatMap { $0.stringValue.map(JSON.string) },
        ]
        for candidate in candidates {
            if case .string(let text)? = candidate, !text.isEmpty { return String(text.prefix(300)) }
        }
        if case .string(let text) = body, !text.isEmpty { return String(text.prefix(300)) }
        return nil
    }
}
