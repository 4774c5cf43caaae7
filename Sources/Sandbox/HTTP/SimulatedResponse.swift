/// An HTTP answer produced by a simulator, independent of the server that sends it.
public struct SimulatedResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer with the usual content type.
    static func json(_ status: Int, _ body: [UInt8], headers: [(String, String)] = []) -> SimulatedResponse {
        SimulatedResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: body)
    }

    static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> SimulatedResponse {
        json(status, Array(text.utf8), headers: headers)
    }

    /// The body as text (invalid UTF-8 replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
