/// `/_sandbox/…`: the fault plan and the statistics over HTTP, for tests in other processes and
/// for people poking at the demo.
///
/// - `GET /_sandbox/stats`: `{"acceptedConnections":…,"faultsInjected":…,"requests":{"shopify":…,…}}`
/// - `GET /_sandbox/faults`: the rules in force.
/// - `POST /_sandbox/faults`: adds one rule (an object) or several (an array, or `{"faults":[…]}`);
///   see `FaultRuleJSON` for the fields.
/// - `DELETE /_sandbox/faults`: removes every rule; `DELETE /_sandbox/faults/{id}` one rule.
struct SandboxAdminEndpoint {
    let server: SandboxServer

    func handle(_ request: SimulatedRequest) -> SimulatedResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        switch (request.method, parts.dropFirst().first, parts.count) {
        case ("GET", "stats", 2):
            var requests: [(key: String, value: JSONValue)] = []
            let counts = server.requestCounts
            for kind in SimulatorKind.allCases { requests.append((kind.rawValue, .integer(counts[kind] ?? 0))) }
            return .json(
                200,
                JSONValue.object([
                    ("acceptedConnections", .integer(server.acceptedConnections)),
                    ("faultsInjected", .integer(server.faults.injectedCount)),
                    ("requests", .object(requests)),
                ]).serializedBytes)
        case ("GET", "faults", 2):
            return .json(200, JSONValue.object([("faults", .array(server.faults.rules.map(FaultRuleJSON.encode)))]).serializedBytes)
        case ("POST", "faults", 2):
            return addFaults(request.body)
        case ("DELETE", "faults", 2):
            server.faults.clear()
            return SimulatedResponse(status: 204, headers: [], body: [])
        case ("DELETE", "faults", 3):
            guard let id = Int(parts[2]), server.faults.remove(id: id) else {
                return .json(404, #"{"error":"no fault rule with this id"}"#)
            }
            return SimulatedResponse(status: 204, headers: [], body: [])
        default:
            return .json(404, #"{"error":"unknown sandbox admin route; try GET /_sandbox/stats or /_sandbox/faults"}"#)
        }
    }

    private func addFaults(_ body: [UInt8]) -> SimulatedResponse {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body, maximumDepth: 16)
        } catch {
            return Self.badRequest("the body is not JSON: \(error)")
        }
        let items: [JSONValue]
        if let array = json.arrayValue {
            items = array
        } else if let array = json["faults"]?.arrayValue {
            items = array
        } else {
            items = [json]
        }
        var rules: [FaultRuleJSON] = []
        for (index, item) in items.enumerated() {
            switch FaultRuleJSON.parse(item) {
            case .success(let rule): rules.append(rule)
            case .failure(let problem): return Self.badRequest("fault \(index): \(problem.message)")
            }
        }
        let ids = rules.map { server.faults.add($0.fault, to: $0.target, trigger: $0.trigger) }
        let added = server.faults.rules.filter { ids.contains($0.id) }
        return .json(201, JSONValue.object([("faults", .array(added.map(FaultRuleJSON.encode)))]).serializedBytes)
    }

    private static func badRequest(_ message: String) -> SimulatedResponse {
        .json(400, JSONValue.object([("error", .string(message))]).serializedBytes)
    }
}
