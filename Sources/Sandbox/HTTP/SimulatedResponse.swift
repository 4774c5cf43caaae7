/// An HTTP answer produced by a simulator, independent of the server that sends it.
package struct SimulatedResponse: Sendable {
    package var status: Int
    package var headers: [(String, String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(String, String)], body: [UInt8]) {
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
    package var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first header with this name, compared case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
