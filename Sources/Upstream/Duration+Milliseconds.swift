extension Duration {
    /// Whole milliseconds, rounded up and saturating, for libcurl's `long` millisecond options.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        if seconds >= Int64(Int.max / 1000 - 1) { return Int.max }
        let partial = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(seconds) * 1000 + Int(partial)
    }

    /// A duration from libcurl's microsecond counters (`CURLINFO_*_TIME_T`).
    static func curlMicroseconds(_ value: Int64) -> Duration {
        .microseconds(max(value, 0))
    }
}
