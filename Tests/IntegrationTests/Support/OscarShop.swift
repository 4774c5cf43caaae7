import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A real django-oscar shop with django-oscar-api, running on a loopback port for the
/// integration tests. `start` runs `scripts/oscar/setup.sh` (once per test process), then
/// `scripts/oscar/serve.sh` on a port the system chooses, and waits until `/api/` answers.
/// See scripts/oscar/README.md for the URLs, parameters and answers.
final class OscarShop: Sendable {
    /// How a shop is started.
    struct Options: Sendable, Hashable {
        /// Whether every API call needs a login (`required`, the default) or not (`optional`).
        var authentication: Authentication = .required
        /// A DRF throttle rate such as `"5/min"`, for anonymous and logged-in clients alike;
        /// `nil` turns throttling off. A throttled call gets 429 with `Retry-After`.
        var throttleRate: String? = nil
        /// How long to wait for `/api/` to answer 200 once the server was launched.
        var readinessTimeout: Duration = .seconds(60)

        enum Authentication: String, Sendable, Hashable {
            case required
            case optional
        }

        init(authentication: Authentication = .required, throttleRate: String? = nil) {
            self.authentication = authentication
            self.throttleRate = throttleRate
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    let baseURL: String
    let port: Int
    /// The demo API user (HTTP Basic or session login).
    let username: String
    let password: String
    /// What the shop holds, as written by setup.sh next to the database.
    let expected: OscarExpectedCatalog
    /// Everything the server printed (gunicorn's access and error log).
    let logPath: String
    private let server: Mutex<Process?>

    /// The value of an `Authorization` header for the demo user.
    var basicAuthorization: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    private init(port: Int, expected: OscarExpectedCatalog, logPath: String, server: sending Process) {
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)"
        self.username = expected.credentials.username
        self.password = expected.credentials.password
        self.expected = expected
        self.logPath = logPath
        self.server = Mutex(server)
    }

    deinit { stop() }

    /// Sets the shop up if needed, starts a server and returns once `/api/` answers 200.
    /// Throws (never skips) when anything on the way fails, with the log tail in the error.
    static func start(_ options: Options = Options()) async throws(OscarShopError) -> OscarShop {
        let layout = try OscarShopLayout.find()
        try await OscarShopSetup.shared.run(layout)
        let expected = try OscarExpectedCatalog.load(from: layout.expectedPath)

        let logPath = layout.logsDirectory + "/shop-\(UUID().uuidString.prefix(8)).log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [layout.scriptsDirectory + "/serve.sh", "0", logPath]
        var environment = ProcessInfo.processInfo.environment
        environment["DESKBRIDGE_OSCAR_HOME"] = layout.homeDirectory
        environment["DESKBRIDGE_OSCAR_AUTH"] = options.authentication.rawValue
        environment["DESKBRIDGE_OSCAR_THROTTLE"] = options.throttleRate ?? ""
        environment["DESKBRIDGE_OSCAR_WATCH_PID"] = String(getpid())
        process.environment = environment
        // serve.sh reports early failures on stderr, then sends the server's output to the
        // log itself (appending), so both go to the same file.
        let logHandle = try OscarShopLayout.appendingHandle(logPath)
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .launchFailed(command: "serve.sh", reason: "\(error)")
        }
        try? logHandle.close()

        let port: Int
        do {
            port = try await waitForReadiness(process: process, logPath: logPath, options: options, expected: expected)
        } catch {
            terminate(process)
            throw error
        }
        return OscarShop(port: port, expected: expected, logPath: logPath, server: process)
    }

    /// Stops the server (SIGTERM: gunicorn finishes its requests and exits within about 5 s;
    /// SIGKILL after 10 s). Returns at once: waiting here would hold one of the concurrency
    /// pool's few threads, and every other test with it. Safe to call more than once.
    func stop() {
        server.withLock { process in
            if let running = process {
                OscarShop.terminate(running)
            }
            process = nil
        }
    }

    /// The last lines of the server log, for failure messages.
    func logTail(lines: Int = 40) -> String {
        OscarShopLayout.tail(of: logPath, lines: lines)
    }

    private static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
            // Only while it still runs: a finished process's pid may belong to another.
            if process.isRunning { kill(pid, SIGKILL) }
        }
    }

    /// Waits for gunicorn's "Listening at" line (the port it bound), then for `/api/` to
    /// answer 200 with the demo credentials.
    private static func waitForReadiness(
        process: Process, logPath: String, options: Options, expected: OscarExpectedCatalog
    ) async throws(OscarShopError) -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + options.readinessTimeout
        let authorization = "Basic " + Data("\(expected.credentials.username):\(expected.credentials.password)".utf8).base64EncodedString()
        var port: Int?
        var lastProblem = "the server has not said which port it listens on"
        while clock.now < deadline {
            guard process.isRunning else {
                throw .serverExited(status: process.terminationStatus, logTail: OscarShopLayout.tail(of: logPath, lines: 60))
            }
            if port == nil {
                port = listeningPort(inLog: logPath)
            }
            if let port {
                switch OscarHTTPProbe.status(port: port, path: "/api/", authorization: authorization) {
                case .success(200):
                    return port
                case .success(let status):
                    lastProblem = "GET /api/ answered \(status)"
                case .failure(let problem):
                    lastProblem = problem.description
                }
            }
            try? await Task.sleep(for: .milliseconds(150))
        }
        throw .notReady(
            seconds: Int(options.readinessTimeout.components.seconds),
            lastProblem: lastProblem,
            logTail: OscarShopLayout.tail(of: logPath, lines: 60)
        )
    }

    /// The port in gunicorn's "Listening at: http://127.0.0.1:PORT (pid)" log line.
    static func listeningPort(inLog path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let marker = "Listening at: http://127.0.0.1:"
        guard let range = text.range(of: marker) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard let port = Int(digits), (1...65535).contains(port) else { return nil }
        return port
    }
}

/// Why a shop could not be set up or started.
enum OscarShopError: Error, CustomStringConvertible {
    case repositoryNotFound(searchedFrom: String)
    case launchFailed(command: String, reason: String)
    case setupFailed(status: Int32, logPath: String, outputTail: String)
    case setupTimedOut(seconds: Int, logPath: String, outputTail: String)
    case expectedUnreadable(path: String, reason: String)
    case serverExited(status: Int32, logTail: String)
    case notReady(seconds: Int, lastProblem: String, logTail: String)

    var description: String {
        switch self {
        case .repositoryNotFound(let start):
            "oscar shop: no scripts/oscar/setup.sh above \(start)"
        case .launchFailed(let command, let reason):
            "oscar shop: could not launch \(command): \(reason)"
        case .setupFailed(let status, let logPath, let tail):
            "oscar shop: scripts/oscar/setup.sh failed (exit \(status)); full output in \(logPath); last lines:\n\(tail)"
        case .setupTimedOut(let seconds, let logPath, let tail):
            "oscar shop: scripts/oscar/setup.sh did not finish within \(seconds) s; output in \(logPath); last lines:\n\(tail)"
        case .expectedUnreadable(let path, let reason):
            "oscar shop: cannot read \(path) (written by setup.sh): \(reason)"
        case .serverExited(let status, let tail):
            "oscar shop: the server exited (status \(status)) before answering; log tail:\n\(tail)"
        case .notReady(let seconds, let problem, let tail):
            "oscar shop: /api/ did not answer 200 within \(seconds) s (last: \(problem)); log tail:\n\(tail)"
        }
    }
}

/// Where the scripts and the shop's files are.
struct OscarShopLayout: Sendable {
    let scriptsDirectory: String
    let homeDirectory: String
    var expectedPath: String { homeDirectory + "/expected.json" }
    var logsDirectory: String { homeDirectory + "/logs" }

    /// The repository is found by walking up from this source file (symlinks resolved) to the
    /// folder holding scripts/oscar/setup.sh. The shop lives in `$DESKBRIDGE_OSCAR_HOME`, else
    /// in the repository's `.build/oscar`, as in setup.sh.
    static func find() throws(OscarShopError) -> OscarShopLayout {
        let start = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        var folder = start
        for _ in 0..<12 {
            let scripts = folder.appendingPathComponent("scripts/oscar")
            if FileManager.default.isExecutableFile(atPath: scripts.appendingPathComponent("setup.sh").path) {
                let home =
                    ProcessInfo.processInfo.environment["DESKBRIDGE_OSCAR_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? folder.appendingPathComponent(".build/oscar").path
                let layout = OscarShopLayout(scriptsDirectory: scripts.path, homeDirectory: home)
                try? FileManager.default.createDirectory(atPath: layout.logsDirectory, withIntermediateDirectories: true)
                return layout
            }
            folder.deleteLastPathComponent()
        }
        throw .repositoryNotFound(searchedFrom: start.path)
    }

    /// A handle that appends to `path` (created if missing), for a child's stdout/stderr.
    static func appendingHandle(_ path: String) throws(OscarShopError) -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .launchFailed(command: "open \(path)", reason: String(cString: strerror(errno)))
        }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// The last `lines` lines of a text file ("" when it cannot be read).
    static func tail(of path: String, lines: Int) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no log at \(path))" }
        let all = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines).joined(separator: "\n")
    }
}

/// Runs setup.sh at most once per test process; every caller awaits the same run.
actor OscarShopSetup {
    static let shared = OscarShopSetup()
    /// A cold setup (venv, pip, migrations) takes about a minute; a warm one under a second.
    static let timeout: Duration = .seconds(900)
    private var setupTask: Task<Result<Void, OscarShopError>, Never>?

    func run(_ layout: OscarShopLayout) async throws(OscarShopError) {
        let task: Task<Result<Void, OscarShopError>, Never>
        if let existing = setupTask {
            task = existing
        } else {
            task = Task { await Self.runScript(layout) }
            setupTask = task
        }
        try await task.value.get()
    }

    private static func runScript(_ layout: OscarShopLayout) async -> Result<Void, OscarShopError> {
        removeOldLogs(in: layout.logsDirectory)
        let logPath = layout.logsDirectory + "/setup-\(getpid()).log"
        unlink(logPath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [layout.scriptsDirectory + "/setup.sh"]
        var environment = ProcessInfo.processInfo.environment
        environment["DESKBRIDGE_OSCAR_HOME"] = layout.homeDirectory
        process.environment = environment
        let handle: FileHandle
        do {
            handle = try OscarShopLayout.appendingHandle(logPath)
        } catch {
            return .failure(error)
        }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice

        let status: Int32
        do {
            status = try await ChildProcess.run(process, timeout: timeout)
        } catch {
            return .failure(.launchFailed(command: "setup.sh", reason: "\(error)"))
        }
        try? handle.close()
        let output = OscarShopLayout.tail(of: logPath, lines: 30)
        if status == ChildProcess.timedOutStatus {
            return .failure(.setupTimedOut(seconds: Int(timeout.components.seconds), logPath: logPath, outputTail: output))
        }
        guard status == 0 else {
            return .failure(.setupFailed(status: status, logPath: logPath, outputTail: output))
        }
        // The setup's own lines ("oscar setup: ...") in the test output, once per process.
        FileHandle.standardError.write(Data((output + "\n").utf8))
        return .success(())
    }
}

extension OscarShopSetup {
    /// Every test process leaves a setup log and one log per shop; those older than a day go.
    static func removeOldLogs(in directory: String) {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: directory) else { return }
        let cutoff = Date().addingTimeInterval(-86_400)
        for name in names where name.hasSuffix(".log") && (name.hasPrefix("shop-") || name.hasPrefix("setup-")) {
            let path = directory + "/" + name
            if let modified = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < cutoff {
                try? files.removeItem(atPath: path)
            }
        }
    }
}

/// A minimal HTTP/1.1 GET over a plain loopback TCP socket, to see whether the shop answers.
enum OscarHTTPProbe {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// The status code of `GET path` on 127.0.0.1:port (with an `Authorization` header when
    /// given), or what went wrong.
    static func status(port: Int, path: String, authorization: String?) -> Result<Int, Problem> {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .failure(Problem(description: "socket: \(String(cString: strerror(errno)))")) }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            return .failure(Problem(description: "connect to port \(port): \(String(cString: strerror(errno)))"))
        }

        let credentials = authorization.map { "Authorization: \($0)\r\n" } ?? ""
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(credentials)"
            + "Accept: application/json\r\nConnection: close\r\n\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return .failure(Problem(description: "send: \(String(cString: strerror(errno)))")) }
            sent += count
        }

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !received.contains(UInt8(ascii: "\n")), received.count < 8192 {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                let reason = count == 0 ? "connection closed" : String(cString: strerror(errno))
                return .failure(Problem(description: "no answer to GET \(path): \(reason)"))
            }
            received += buffer[0..<count]
        }
        let statusLine = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            return .failure(Problem(description: "not an HTTP status line: \(statusLine.prefix(80))"))
        }
        return .success(status)
    }
}

/// expected.json: what the demo shop holds, as its API shows it. Written by setup.sh
/// (scripts/oscar/deskbridge_shop/management/commands/deskbridge_load_catalog.py), which checks
/// every value against the running API before writing it.
struct OscarExpectedCatalog: Decodable, Sendable {
    struct Credentials: Decodable, Sendable {
        let username: String
        let password: String
    }

    struct Category: Decodable, Sendable {
        let id: Int
        let name: String
        let slug: String
        /// Slugs joined by "/", as in `/api/categories/<full_slug>/` (the children list).
        let fullSlug: String
        /// Names joined by " > ", as oscar-api shows them.
        let breadcrumbs: String
        let path: [String]
        let depth: Int
        let parentId: Int?
        let childIds: [Int]
        let isPublic: Bool
        /// Public products attached to this very category, in the API's list order.
        let productIds: [Int]
        /// Public products in this category or below it (what `?category=<id>` lists).
        let allProductIds: [Int]
    }

    /// `/api/products/{id}/price/` when the product has a price.
    struct Price: Decodable, Sendable, Equatable {
        let currency: String
        let exclTax: String
        let inclTax: String
        let tax: String
    }

    /// `/api/products/{id}/price/` as it came, nulls included.
    struct PriceResponse: Decodable, Sendable, Equatable {
        let currency: String?
        let exclTax: String?
        let inclTax: String?
        let tax: String?
    }

    /// `/api/products/{id}/availability/`; `numAvailable` is absent when stock is not counted.
    struct Availability: Decodable, Sendable, Equatable {
        let isAvailableToBuy: Bool
        let numAvailable: Int?
        let message: String
    }

    struct Stock: Decodable, Sendable {
        let sku: String
        let numInStock: Int?
        let numAllocated: Int?
    }

    struct Product: Decodable, Sendable {
        let id: Int
        let title: String
        /// "" when the product has none (the API shows "" too).
        let upc: String
        /// HTML, exactly as the API returns it.
        let description: String
        let isPublic: Bool
        let productClass: String
        let categoryIds: [Int]
        let categoryPaths: [[String]]
        let categoryBreadcrumbs: [String]
        /// nil when oscar has no price for it (no stock record, or one without a price).
        let price: Price?
        let priceResponse: PriceResponse
        let availability: Availability
        /// nil when the product has no stock record.
        let stock: Stock?
        /// Paths under the shop's base URL (`/media/...`).
        let images: [String]
        let dateCreated: String
    }

    let format: Int
    let versions: [String: String]
    let credentials: Credentials
    let currency: String
    let taxRate: String
    let defaultPageSize: Int
    let maxPageSize: Int
    /// Every category (public or not), in tree order.
    let categories: [Category]
    /// Public products, in the order `/api/products/?is_public=true` lists them.
    let products: [Product]
    /// Products with `is_public=False`: must never reach a visitor.
    let hiddenProducts: [Product]
    /// Every product id in the order of the unfiltered `/api/products/` (hidden ones included).
    let listOrderAll: [Int]

    func product(id: Int) -> Product? {
        products.first { $0.id == id } ?? hiddenProducts.first { $0.id == id }
    }

    func category(path: [String]) -> Category? {
        categories.first { $0.path == path }
    }

    static func load(from path: String) throws(OscarShopError) -> OscarExpectedCatalog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .expectedUnreadable(path: path, reason: "missing or unreadable")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(OscarExpectedCatalog.self, from: data)
        } catch {
            throw .expectedUnreadable(path: path, reason: "\(error)")
        }
    }
}
