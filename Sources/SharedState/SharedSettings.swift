import Redis

/// `shared:` in config.yaml: the Redis (or Valkey) a fleet of gateways shares, and how it is used.
package struct SharedSettings: Sendable, Hashable {
    /// Where Redis is, with its credentials, database and timeouts (`redis://…`).
    package var redis: RedisConfiguration
    /// Put before every key, so several fleets (or other applications) can share one Redis.
    package var keyPrefix: String
    /// Answers larger than this stay in each replica's memory only.
    package var maxEntryBytes: Int
    /// How long one replica may hold a key's fill lock; others wait at most this long for its answer.
    package var fillTimeout: Duration

    package init(redis: RedisConfiguration, keyPrefix: String = "deskbridge:", maxEntryBytes: Int = 1 << 20, fillTimeout: Duration = .seconds(10)) {
        self.redis = redis
        self.keyPrefix = keyPrefix
        self.maxEntryBytes = maxEntryBytes
        self.fillTimeout = fillTimeout
    }
}
