import GatewayConfig

/// Where a tenant's operator bindings are kept: a JSON file (`OperatorBindingStore`, one process,
/// the default) or the fleet's Redis (`RedisBindingStore`, when `shared:` is set). Bindings pinned
/// in config.yaml (`operators:`) are known to both without any write.
package protocol BindingStore: Sendable {
    /// The binding of an operator: one made by PUT, else one pinned in config.yaml, else nil.
    func binding(for idOperator: String) async -> OperatorBinding?

    /// Binds (or re-binds) an operator, saved before it returns; when it cannot be saved, nothing
    /// is changed and the error says why (the route answers 503 `binding_not_saved`).
    @discardableResult
    func bind(
        idOperator: String, idBot: String, name: String?, pseudo: String?, language: String?, distributionRules: [DistributionRule]
    ) async throws(BindingStoreError) -> OperatorBinding
}

extension OperatorBindingStore: BindingStore {}
