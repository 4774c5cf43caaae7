/// Where a ``PacingTransport`` gets its send slots: this process' ``RatePacer``, or a fleet's
/// shared one (with `shared:`, the slots of every replica are handed out by Redis, so that the
/// fleet as a whole stays under the upstream's rate).
package protocol PaceBackend: Sendable {
    /// Reserves the earliest slot under every limit that leaves the call time before `deadline`.
    func reserve(_ limits: [PaceLimit], deadline: ContinuousClock.Instant, now: ContinuousClock.Instant) async -> RatePacer.Slot
}

extension RatePacer: PaceBackend {}
