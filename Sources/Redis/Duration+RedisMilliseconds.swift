extension Duration {
    /// Whole milliseconds for PX and PEXPIRE, rounded up and at least 1: Redis refuses PX 0, and
    /// PEXPIRE 0 would delete the key instead of keeping it for a sub-millisecond while.
    var redisMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        if overflow { return seconds < 0 ? 1 : .max }
        let fraction = attoseconds / 1_000_000_000_000_000 + (attoseconds % 1_000_000_000_000_000 > 0 ? 1 : 0)
        return max(whole.addingReportingOverflow(fraction).partialValue, 1)
    }
}
