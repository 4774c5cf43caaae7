import Foundation

/// The bodies HubSpot's CRM v3 API answers with.
enum HubSpotResponses {
    static func json(_ status: Int, _ body: JSONValue, headers: [(String, String)] = []) -> SimulatedResponse {
        SimulatedResponse(status: status, headers: [("Content-Type", "application/json;charset=utf-8")] + headers, body: body.serializedBytes)
    }

    static func correlationID() -> String { UUID().uuidString.lowercased() }

    /// `{"status":"error","message":…,"correlationId":…,"category":…}`
    static func error(_ status: Int, category: String, message: String, extra: [(key: String, value: JSONValue)] = []) -> SimulatedResponse {
        var members: [(key: String, value: JSONValue)] = [
            ("status", "error"), ("message", .string(message)), ("correlationId", .string(correlationID())),
        ]
        members += extra
        members.append(("category", .string(category)))
        return json(status, .object(members))
    }

    static func validation(_ message: String) -> SimulatedResponse {
        error(400, category: "VALIDATION_ERROR", message: message)
    }

    static let unauthorized = error(
        401, category: "INVALID_AUTHENTICATION",
        message:
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
    )

    static func notFound() -> SimulatedResponse {
        error(404, category: "OBJECT_NOT_FOUND", message: "resource not found")
    }

    /// The rate-limit refusal for a policy (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`).
    static func rateLimited(policy: String, headers: [(String, String)]) -> SimulatedResponse {
        let name = policy == "TEN_SECONDLY_ROLLING" ? "ten_secondly_rolling" : policy.lowercased()
        return json(
            429,
            [
                "status": "error", "message": .string("You have reached your \(name) limit."), "errorType": "RATE_LIMIT",
                "correlationId": .string(correlationID()), "policyName": .string(policy), "requestId": .string(correlationID()),
            ], headers: headers)
    }

    /// `Property values were not valid: [...]`, the way HubSpot nests its per-property errors.
    static func invalidProperties(_ problems: [(name: String, error: String, message: String)]) -> SimulatedResponse {
        let list = JSONValue.array(
            problems.map { problem in
                [
                    "isValid": false, "message": .string(problem.message), "error": .string(problem.error),
                    "name": .string(problem.name), "localizedErrorMessage": .string(problem.message),
                ]
            })
        return validation("Property values were not valid: \(list.serialized)")
    }

    /// Why a request body is not JSON, with HubSpot's line and column.
    static func malformedJSON(_ body: [UInt8], _ error: JSONParseError) -> SimulatedResponse {
        guard !body.isEmpty else { return validation("Invalid JSON input: a request body was expected, but none found") }
        let offset: Int
        switch error {
        case .unexpectedEnd, .tooDeep: offset = body.count
        case .unexpectedByte(_, let at), .invalidNumber(let at), .invalidString(let at), .trailingBytes(let at): offset = at
        }
        var line = 1
        var column = 1
        for byte in body.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return validation("Invalid input JSON on line \(line), column \(column): Unexpected character or end of input")
    }

    /// A CRM object: id, properties (alphabetical keys, string values, `null` when empty),
    /// timestamps, and associations when asked.
    static func object(
        id: Int, properties: [String: String?], createdAt: Int, updatedAt: Int,
        associations: [(type: String, label: String, ids: [Int])] = []
    ) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(String(id))),
            ("properties", .object(properties.keys.sorted().map { ($0, .string(properties[$0] ?? nil)) })),
            ("createdAt", .string(ISOTimestamp.millisecondString(fromUnixMilliseconds: createdAt))),
            ("updatedAt", .string(ISOTimestamp.millisecondString(fromUnixMilliseconds: updatedAt))),
            ("archived", false),
        ]
        let present = associations.filter { !$0.ids.isEmpty }
        if !present.isEmpty {
            members.append(
                (
                    "associations",
                    .object(
                        present.map { association in
                            (
                                association.type,
                                ["results": .array(association.ids.map { ["id": .string(String($0)), "type": .string(association.label)] })]
                            )
                        })
                ))
        }
        return .object(members)
    }

    static func owner(_ owner: HubSpotOwner) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(owner.id)), ("email", .string(owner.email)), ("type", "PERSON"),
            ("firstName", .string(owner.firstName)), ("lastName", .string(owner.lastName)),
            ("userId", .integer(owner.userID)), ("userIdIncludingInactive", .integer(owner.userID)),
            ("createdAt", "2019-10-30T03:30:17.883Z"), ("updatedAt", "2024-06-11T09:12:44.120Z"), ("archived", .bool(owner.archived)),
        ]
        if let team = owner.teamName {
            members.append(
                ("teams", [["id": .string(String(abs(team.hashValueStable) % 90_000_000 + 10_000_000)), "name": .string(team), "primary": true]]))
        }
        return .object(members)
    }

    static func pipeline(_ pipeline: HubSpotPipeline) -> JSONValue {
        [
            "label": .string(pipeline.label), "displayOrder": .integer(pipeline.displayOrder), "id": .string(pipeline.id),
            "stages": .array(
                pipeline.stages.map { stage in
                    [
                        "label": .string(stage.label), "displayOrder": .integer(stage.displayOrder),
                        "metadata": ["ticketState": .string(stage.isOpen ? "OPEN" : "CLOSED")], "id": .string(stage.id),
                        "createdAt": "2023-02-14T10:00:00.000Z", "updatedAt": "2023-02-14T10:00:00.000Z", "archived": false,
                    ]
                }),
            "createdAt": "2023-02-14T10:00:00.000Z", "updatedAt": "2024-09-02T08:30:00.000Z", "archived": false,
        ]
    }
}

extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        Int(truncatingIfNeeded: utf8.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 } >> 1)
    }
}
