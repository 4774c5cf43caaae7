/// An iAdvize distribution rule (a routing rule to a group of human agents): where a transfer goes.
public struct DistributionRule: Sendable, Hashable {
    /// The rule's UUID, as iAdvize lists it in the bot's settings.
    public var id: String
    public var label: String?

    public init(id: String, label: String? = nil) {
        self.id = id
        self.label = label
    }
}
