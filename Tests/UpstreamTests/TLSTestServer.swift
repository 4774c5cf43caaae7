import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `openssl s_server -www` on 127.0.0.1 with a certificate signed by a throw-away CA: a real TLS
/// peer whose status page says whether each handshake was new or a resumed session.
///
/// `make test` installs openssl (the Makefile's test packages); without it the tests fail, never skip.
final class TLSTestServer: Sendable {
    static let opensslPath = "/usr/bin/openssl"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: opensslPath) }

    let port: Int
    /// The PEM file of the CA that signed the server's certificate.
    let caFile: String
    private let process: Process
    private let directory: URL

    private init(port: Int, caFile: String, process: Process, directory: URL) {
        self.port = port
        self.caFile = caFile
        self.process = process
        self.directory = directory
    }

    func url(_ path: String = "/") -> String { "https://127.0.0.1:\(port)\(path)" }

    /// Makes the certificates, starts the server, runs `body`, then stops the server.
    static func run<T: Sendable>(_ body: (TLSTestServer) async throws -> T) async throws -> T {
        try #require(isAvailable, "\(opensslPath) is missing: install openssl (make test-packages does)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: path("ext.cnf"), atomically: true, encoding: .utf8)
        try await openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=DeskBridge Test CA",
        ])
        try await openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost",
        ])
        try await openssl([
            "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("ext.cnf"),
        ])

        let process = Process()
        process.executableURL = URL(fileURLWithPath: opensslPath)
        process.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", path("server.pem"), "-key", path("server.key"), "-www"]
        // A file rather than a pipe: nobody has to keep draining it while the tests run.
        try #require(FileManager.default.createFile(atPath: path("s_server.log"), contents: nil))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path("s_server.log")))
        process.standardError = FileHandle.nullDevice
        let (ended, end) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { end.yield($0.terminationStatus) }
        try process.run()
        let result: Result<T, any Error>
        do {
            let port = try #require(await acceptedPort(log: path("s_server.log")))
            result = .success(try await body(TLSTestServer(port: port, caFile: path("ca.pem"), process: process, directory: directory)))
        } catch {
            result = .failure(error)
        }
        // s_server shrugs off SIGTERM while it waits for a connection. Its end is awaited without
        // holding a thread of the pool.
        kill(process.processIdentifier, SIGKILL)
        var endings = ended.makeAsyncIterator()
        _ = await endings.next()
        return try result.get()
    }

    /// Waits (up to 5 s) for s_server's "ACCEPT 127.0.0.1:PORT" line.
    private static func acceptedPort(log: String) async throws -> Int? {
        for _ in 0..<250 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    private static func openssl(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opensslPath)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try #require(status == 0, "openssl \(arguments.first ?? "") failed")
    }
}
