/// The rule for secrets a gateway reachable from other machines may use: none that ships in this
/// repository (anyone can read them), none shorter than 24 characters. A gateway listening on
/// loopback only (the demo, `make run`) may use the shipped ones.
package enum ProductionSecrets {
    /// Every secret and token value the repository ships: config.yaml's defaults and the
    /// deployment examples' placeholders (a test keeps this list true).
    package static let shipped: Set<String> = [
        "demo-admin-token-change-me", "demo-connector-secret",
        "change-me-to-a-long-random-admin-token", "change-me-connector-secret", "change-me-redis-password",
    ]

    package static let minimumLength = 24

    /// Why `value` cannot serve beyond loopback, or nil when it can.
    package static func problem(with value: String) -> String? {
        if shipped.contains(value) { return "is a value shipped in DeskBridge's repository, which anyone can read" }
        if value.count < minimumLength { return "is shorter than \(minimumLength) characters" }
        return nil
    }

    /// Whether a listener on `host` is reachable from this machine only.
    package static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
