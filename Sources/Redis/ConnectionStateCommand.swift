/// Commands that change the state of the one connection they run on. Through a pool, the next
/// command may take another connection, and the changed one would surprise later callers (a
/// MULTI left open queues their commands, CLIENT REPLY OFF breaks the matching of replies).
enum ConnectionStateCommand {
    private static let names: Set<String> = [
        "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SELECT", "AUTH", "HELLO", "RESET", "QUIT",
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",
        "SYNC", "PSYNC",
    ]

    /// The command's name (e.g. `MULTI`, `CLIENT REPLY`) when it is one of those, else nil.
    static func name(of arguments: [[UInt8]]) -> String? {
        guard let first = arguments.first, first.count <= 12 else { return nil }
        let name = String(decoding: first, as: UTF8.self).uppercased()
        if names.contains(name) { return name }
        if name == "CLIENT", arguments.count > 1, String(decoding: arguments[1], as: UTF8.self).uppercased() == "REPLY" {
            return "CLIENT REPLY"
        }
        return nil
    }
}
