/// The JSON form of a fault rule, for `POST /_sandbox/faults`:
///
/// ```json
/// {"kind": "status", "status": 503, "body": "{\"errors\":\"down\"}",
///  "simulator": "woocommerce", "pathPrefix": "/wp-json/wc/v3/products", "method": "GET",
///  "count": 2}
/// ```
///
/// `kind` is one of `latency` (`milliseconds`), `status` (`status`, `body`, `contentType`),
/// `tooManyRequests` (`retryAfter`: seconds as a number or a raw header value as a string, or
/// `retryAfterDate`: seconds from now sent as an HTTP-date; `body`), `shopifyThrottled`,
/// `malformedJSON`, `dropConnection`, `slowBody` (`chunkBytes`, `pauseMilliseconds`) and
/// `hugeBody` (`megabytes`, `announcesLength`). The trigger is `count` (default 1) or
/// `probability` with an optional `seed`. `simulator` is `shopify`, `shopify-rest`,
/// `woocommerce` or `hubspot`.
struct FaultRuleJSON {
    let fault: Fault
    let target: FaultTarget
    let trigger: FaultTrigger

    struct Problem: Error {
        let message: String
    }

    static func parse(_ json: JSONValue) -> Result<FaultRuleJSON, Problem> {
        guard json.objectMembers != nil else { return .failure(Problem(message: "a fault rule must be a JSON object")) }
        func integer(_ key: String, default defaultValue: Int? = nil) -> Result<Int, Problem> {
            if let value = json[key]?.intValue { return .success(value) }
            if let defaultValue, json[key] == nil { return .success(defaultValue) }
            return .failure(Problem(message: "\"\(key)\" must be an integer"))
        }
        let fault: Fault
        do {
            switch json["kind"]?.stringValue {
            case "latency"?:
                fault = .latency(milliseconds: try integer("milliseconds").get())
            case "status"?:
                let status = try integer("status").get()
                guard (100...599).contains(status) else { return .failure(Problem(message: "\"status\" must be an HTTP status code")) }
                fault = .status(
                    status, body: json["body"]?.stringValue ?? "",
                    contentType: json["contentType"]?.stringValue ?? "application/json; charset=utf-8"
                )
            case "tooManyRequests"?:
                var retryAfter: RetryAfter?
                if let seconds = json["retryAfter"]?.intValue {
                    retryAfter = .seconds(seconds)
                } else if let text = json["retryAfter"]?.stringValue {
                    retryAfter = .raw(text)
                } else if let seconds = json["retryAfterDate"]?.intValue {
                    retryAfter = .httpDate(secondsFromNow: seconds)
                }
                fault = .tooManyRequests(retryAfter: retryAfter, body: json["body"]?.stringValue)
            case "shopifyThrottled"?:
                fault = .shopifyThrottled
            case "malformedJSON"?:
                fault = .malformedJSON
            case "dropConnection"?:
                fault = .dropConnection
            case "slowBody"?:
                fault = .slowBody(
                    chunkBytes: try integer("chunkBytes", default: 16).get(), pauseMilliseconds: try integer("pauseMilliseconds", default: 50).get())
            case "hugeBody"?:
                let megabytes = try integer("megabytes", default: 5).get()
                guard (0...1024).contains(megabytes) else { return .failure(Problem(message: "\"megabytes\" must be between 0 and 1024")) }
                fault = .hugeBody(megabytes: megabytes, announcesLength: json["announcesLength"]?.boolValue ?? false)
            default:
                return .failure(
                    Problem(
                        message:
                            "\"kind\" must be one of latency, status, tooManyRequests, shopifyThrottled, malformedJSON, dropConnection, slowBody, hugeBody"
                    ))
            }
        } catch {
            return .failure(error)
        }
        var target = FaultTarget(pathPrefix: json["pathPrefix"]?.stringValue, method: json["method"]?.stringValue)
        if let name = json["simulator"]?.stringValue {
            guard let kind = SimulatorKind(rawValue: name) else {
                return .failure(Problem(message: "\"simulator\" must be one of \(SimulatorKind.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            target.simulator = kind
        }
        let trigger: FaultTrigger
        if let probability = json["probability"]?.doubleValue {
            guard (0...1).contains(probability) else { return .failure(Problem(message: "\"probability\" must be between 0 and 1")) }
            let seed = json["seed"]?.intValue ?? 1
            trigger = .probability(probability, seed: UInt64(bitPattern: Int64(seed)))
        } else {
            switch integer("count", default: 1) {
            case .success(let count): trigger = .next(max(0, count))
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(FaultRuleJSON(fault: fault, target: target, trigger: trigger))
    }

    static func encode(_ rule: FaultRuleStatus) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .integer(rule.id)), ("kind", .string(rule.fault.kind))]
        switch rule.fault {
        case .latency(let milliseconds): members.append(("milliseconds", .integer(milliseconds)))
        case .status(let status, let body, let contentType):
            members += [("status", .integer(status)), ("body", .string(body)), ("contentType", .string(contentType))]
        case .tooManyRequests(let retryAfter, let body):
            if let retryAfter { members.append(("retryAfter", .string(FaultInjection.value(of: retryAfter)))) }
            if let body { members.append(("body", .string(body))) }
        case .slowBody(let chunkBytes, let pause):
            members += [("chunkBytes", .integer(chunkBytes)), ("pauseMilliseconds", .integer(pause))]
        case .hugeBody(let megabytes, let announcesLength):
            members += [("megabytes", .integer(megabytes)), ("announcesLength", .bool(announcesLength))]
        case .shopifyThrottled, .malformedJSON, .dropConnection:
            break
        }
        if let simulator = rule.target.simulator { members.append(("simulator", .string(simulator.rawValue))) }
        if let prefix = rule.target.pathPrefix { members.append(("pathPrefix", .string(prefix))) }
        if let method = rule.target.method { members.append(("method", .string(method))) }
        switch rule.trigger {
        case .next: members.append(("remaining", .integer(rule.remaining)))
        case .probability(let probability, let seed):
            members += [("probability", .number(probability)), ("seed", .integer(Int(truncatingIfNeeded: seed)))]
        }
        members.append(("applied", .integer(rule.applied)))
        return .object(members)
    }
}
