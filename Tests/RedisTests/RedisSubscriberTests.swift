import Redis
import RedisServerSupport
import Testing

@Suite struct RedisSubscriberTests {
    @Test func publishedMessagesReachTheSubscriber() async throws {
        try await RedisServer.with(password: "s3cret") { server in
            let configuration = server.configuration(password: "s3cret")
            let subscriber = RedisSubscriber(configuration: configuration, logger: quietLogger)
            do {
                try await subscriber.subscribe(to: ["fleet:filled", "fleet:other"])
                try await withClient(configuration) { client in
                    let payload: [UInt8] = [0, 1, 2, 13, 10, 255] + Array("key-hash".utf8)
                    #expect(try await client.publish(payload, to: "fleet:filled") == 1)
                    #expect(await nextEvent(of: subscriber, within: .seconds(5)) == .message(channel: "fleet:filled", payload: payload))

                    subscriber.unsubscribe(from: ["fleet:filled"])
                    try await eventually(within: .seconds(3)) {
                        guard try await client.publish([1], to: "fleet:filled") == 0 else { throw RedisError.protocolError("still subscribed") }
                    }
                    #expect(try await client.publish([2], to: "fleet:other") == 1)
                    // A probe published before the UNSUBSCRIBE reached Redis may still have been delivered.
                    var event = await nextEvent(of: subscriber, within: .seconds(5))
                    while event == .message(channel: "fleet:filled", payload: [1]) {
                        event = await nextEvent(of: subscriber, within: .seconds(5))
                    }
                    #expect(event == .message(channel: "fleet:other", payload: [2]))
                }
            } catch {
                await subscriber.shutdown()
                throw error
            }
            await subscriber.shutdown()
            #expect(await nextEvent(of: subscriber, within: .seconds(1)) == nil)
        }
    }

    @Test func theSubscriberResubscribesAfterRedisRestarts() async throws {
        let first = try await RedisServer.start()
        let configuration = first.configuration()
        let subscriber = RedisSubscriber(configuration: configuration, logger: quietLogger)
        var second: RedisServer?
        do {
            try await subscriber.subscribe(to: ["fleet:filled"])
            await first.stop()
            second = try await RedisServer.start(port: first.port)
            #expect(await nextEvent(of: subscriber, within: .seconds(5)) == .resubscribed)
            try await withClient(configuration) { client in
                let receivers = try await client.publish(Array("again".utf8), to: "fleet:filled")
                #expect(receivers == 1)
            }
            #expect(await nextEvent(of: subscriber, within: .seconds(5)) == .message(channel: "fleet:filled", payload: Array("again".utf8)))
        } catch {
            Issue.record(error)
        }
        await subscriber.shutdown()
        await second?.stop()
    }

    @Test func subscribingWhileRedisIsDownFailsButKeepsTheChannel() async throws {
        let server = try await RedisServer.start()
        var configuration = server.configuration()
        configuration.commandTimeout = .milliseconds(300)
        await server.stop()
        let subscriber = RedisSubscriber(configuration: configuration, logger: quietLogger)
        await #expect(throws: RedisError.self) { try await subscriber.subscribe(to: ["fleet:filled"]) }
        let restarted = try await RedisServer.start(port: configuration.port)
        try await withClient(configuration) { client in
            try await eventually(within: .seconds(5)) {
                guard try await client.publish([7], to: "fleet:filled") == 1 else { throw RedisError.protocolError("not subscribed yet") }
            }
        }
        #expect(await nextEvent(of: subscriber, within: .seconds(5)) == .message(channel: "fleet:filled", payload: [7]))
        await subscriber.shutdown()
        await restarted.stop()
    }
}
