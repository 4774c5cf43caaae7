/// An iAdvize distribution rule (a routing rule to a group of human agents): where a transfer goes.
package struct DistributionRule: Sendable, Hashable {
    /// The rule's UUID, as iAdvize lists it in the bot's settings.
    package var id: String
    package var label: String?

    package init(id: String, label: String? = nil) {
        self.id = id
        self.label = label
    }
}
