import Foundation
import Mapping
import Upstream

/// Decides what an upstream answer means: the adapter's error rules first (Shopify says THROTTLED
/// with HTTP 200), then HTTP statuses, then whether the body is JSON at all.
struct ResponseCheck: Sendable {
    let adapter: AdapterDefinition
    let settings: JSONObject
    /// The rules of the request being checked; they come before the adapter's.
    let requestRules: [ErrorRule]
    /// The request's `emptyWhen`: an answer that means "no items" (checked before the rules).
    var emptyWhen: Mapping.Expression? = nil

    func document(from response: UpstreamResponse) throws(AdapterError) -> UpstreamDocument {
        var headers = JSONObject()
        for header in response.headers {
            headers.append(key: header.name.lowercased(), value: .string(header.value))
        }
        let body = response.body.isEmpty ? nil : (try? JSON(parsing: response.body))
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        variables[VariableLayout.status] = .number(Double(response.status))
        variables[VariableLayout.response] = body ?? .null
        variables[VariableLayout.headers] = .object(headers)
        variables[VariableLayout.settings] = .object(settings)
        if let emptyWhen, emptyWhen.evaluate(variables).isTruthy {
            return UpstreamDocument(status: response.status, headers: headers, body: body ?? .null, isEmptyList: true)
        }
        for rule in requestRules + adapter.errorRules where rule.condition.evaluate(variables).isTruthy {
            let message = rule.message.map { $0.render(variables, encode: { $0 }) } ?? ""
            let retryAfter = rule.retryAfter.flatMap { $0.evaluate(variables).doubleValue }.flatMap(Self.duration(seconds:))
            throw Self.error(rule.kind, status: response.status, message: message, retryAfter: retryAfter)
        }
        switch response.status {
        case 200..<300:
            break
        case 401, 403:
            throw .authFailed(status: response.status)
        case 404:
            throw .notFound(message: "the upstream has no such resource")
        case 429:
            let retryAfter = response.header("Retry-After").flatMap(Self.retryAfter)
            throw .throttled(message: "the upstream is rate-limiting DeskBridge", retryAfter: retryAfter)
        case 500..<600:
            throw .unavailable(message: "the upstream failed (HTTP \(response.status))")
        default:
            throw .badResponse(message: "unexpected HTTP \(response.status)")
        }
        guard let body else {
            throw .badResponse(message: response.body.isEmpty ? "the answer is empty" : "the answer is not valid JSON")
        }
        return UpstreamDocument(status: response.status, headers: headers, body: body)
    }

    private static func error(_ kind: UpstreamFailureKind, status: Int, message: String, retryAfter: Duration?) -> AdapterError {
        switch kind {
        case .notFound: .notFound(message: message.isEmpty ? "the upstream has no such resource" : message)
        case .throttled: .throttled(message: message.isEmpty ? "the upstream is rate-limiting DeskBridge" : message, retryAfter: retryAfter)
        case .auth: .authFailed(status: status, message: message.isEmpty ? nil : message)
        case .unavailable: .unavailable(message: message.isEmpty ? "the upstream failed" : message)
        case .badResponse: .badResponse(message: message.isEmpty ? "the upstream reported an error" : message)
        }
    }

    /// `Retry-After` as seconds (`2`, `2.0`) or as an HTTP date.
    static func retryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return duration(seconds: seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return duration(seconds: max(0, date.timeIntervalSinceNow))
    }

    static func duration(seconds: Double) -> Duration? {
        guard seconds.isFinite, seconds >= 0, seconds < 86_400 else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
