/// The bounds DeskBridge puts on plugin parameters and responses (documented in docs/plugins.md).
package enum PluginLimits {
    /// iAdvize stores at most 1,024 characters in each field; longer strings are truncated.
    package static let maxFieldCharacters = 1024
    /// `limit` above this is refused with a 400 that says the maximum. Up to it, the adapter walks as
    /// many upstream pages as the window needs (Shopify's 250 items per call is the upstream's limit,
    /// not the Desk's), within the adapter's `maxPages`.
    package static let limit: ClosedRange<Int> = 0...1000
    /// `limit` when the Desk does not send one.
    package static let defaultLimit = 20
    /// `offset` deeper than this is refused; agents page through lists by hand and never get there.
    package static let offset: ClosedRange<Int> = 0...10_000
    /// Free text typed by an agent.
    package static let maxSearchCharacters = 200
    /// Identifiers the Desk echoes back (category ids, operator ids...).
    package static let maxIdentifierCharacters = 128
}
