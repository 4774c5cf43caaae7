/// Bounds on what `PUT /bots/:idOperator` may write for one tenant: iAdvize signs the body, not
/// the path, so one captured signed PUT replays under any `idOperator`. Each new operator id is a
/// binding kept for good, so their number is capped, and writes are paced.
package struct BindingLimits: Sendable, Hashable {
    /// Operators bound by PUT at most (re-binding a bound operator is always allowed).
    package var maxBindings: Int
    /// PUTs accepted per minute (a burst of that many, then one every 60/n seconds).
    package var writesPerMinute: Int

    package init(maxBindings: Int = 1000, writesPerMinute: Int = 60) {
        self.maxBindings = maxBindings
        self.writesPerMinute = writesPerMinute
    }
}
