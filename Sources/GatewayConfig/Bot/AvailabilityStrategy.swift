/// How iAdvize decides whether the bot is online, answered on `GET /availability-strategies`.
package enum AvailabilityStrategy: Sendable, Hashable {
    /// Online when at least one of these distribution rules has an agent available; an empty list
    /// means the rules iAdvize gave when it bound the operator (then the transfer rule).
    case atLeastOne(distributionRulesToCheck: [String])
    /// Online when every one of these distribution rules has an agent available (empty: as above).
    case all(distributionRulesToCheck: [String])
    /// Always offline.
    case notAvailable
    /// Online or offline as the connector says: DeskBridge reports `availability` as configured.
    case customAvailability(availability: Bool)

    /// The name iAdvize uses.
    package var name: String {
        switch self {
        case .atLeastOne: "atLeastOne"
        case .all: "all"
        case .notAvailable: "notAvailable"
        case .customAvailability: "customAvailability"
        }
    }

    static let names = ["atLeastOne", "all", "notAvailable", "customAvailability"]
}
