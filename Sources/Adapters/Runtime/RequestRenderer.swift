import Foundation
import Mapping
import Upstream

/// Turns a request template into a concrete upstream request for one tenant.
struct RequestRenderer {
    let adapter: AdapterDefinition
    let upstream: TenantUpstream

    func render(_ template: RequestTemplate, variables: [JSON]) throws(AdapterError) -> UpstreamRequest {
        var url: String
        switch template.target {
        case .path(let path):
            // `/products/{item.id}/price` with no id is a request not made, never `/products//price`.
            if let missing = path.firstEmptyValue(variables) {
                throw .notFound(message: "not requested: '\(missing.source)' is \(missing.kind) in the path \(path.source)")
            }
            url = upstream.baseURL.description + path.render(variables, encode: PercentEncoding.pathSegment)
        case .url(let expression):
            let value = expression.evaluate(variables)
            guard case .string(let link) = value, let checked = upstream.sameOriginURL(link) else {
                // The value itself goes to the call log (`deskbridge try` shows it), never into a message the Desk sees.
                let what = value.isNull ? "is null" : (value.stringValue == nil ? "is not text" : "points outside the tenant's upstream")
                throw .badResponse(message: "the link at url: \(expression.source) \(what)")
            }
            url = checked
        }
        var queryItems: [(String, String)] = []
        for parameter in template.query {
            let value = parameter.value.evaluate(variables)
            switch value {
            // A null value leaves the parameter out: optional filters are written once.
            case .null: continue
            // An array is the parameter repeated (`tag=a&tag=b`; name it `tag[]` for `tag[]=a&tag[]=b`);
            // `| join(',')` sends `tag=a,b`.
            case .array(let elements):
                for element in elements where !element.isNull { queryItems.append((parameter.name, element.interpolatedText)) }
            default: queryItems.append((parameter.name, value.interpolatedText))
            }
        }
        var headers: [HTTPHeader] = []
        for header in template.headers {
            let value = header.value.evaluate(variables)
            if case .null = value { continue }
            headers.append(HTTPHeader(name: header.name, value: Self.headerSafe(value.interpolatedText)))
        }
        var body: [UInt8]?
        switch template.body {
        case .json(let json)?:
            body = json.render(variables).encoded()
            headers.append(HTTPHeader(name: "Content-Type", value: "application/json"))
        case .graphql(let query, let variablesTemplate, let operationName)?:
            var document = JSONObject()
            document.append(key: "query", value: .string(query))
            if let variablesTemplate { document.append(key: "variables", value: variablesTemplate.render(variables)) }
            if let operationName { document.append(key: "operationName", value: .string(operationName)) }
            body = JSON.object(document).encoded()
            headers.append(HTTPHeader(name: "Content-Type", value: "application/json"))
        case nil:
            break
        }
        headers.append(HTTPHeader(name: "Accept", value: "application/json"))
        applyAuth(to: &headers, query: &queryItems)
        if !queryItems.isEmpty {
            url +=
                (url.contains("?") ? "&" : "?")
                + queryItems.map { "\(PercentEncoding.queryValue($0.0))=\(PercentEncoding.queryValue($0.1))" }.joined(separator: "&")
        }
        var request = UpstreamRequest(method: template.method, url: url, headers: headers, body: body, timeout: nil)
        // A read sent as POST (a search, a GraphQL query) can be retried like a GET; a mutation cannot.
        if let readOnly = template.readOnly {
            request.isIdempotent = readOnly || request.isIdempotent
        } else if case .graphql(let query, _, _)? = template.body {
            request.isIdempotent = !query.drop(while: \.isWhitespace).hasPrefix("mutation")
        }
        request.upstreamName = upstream.tenant + " " + upstream.baseURL.origin
        request.paceLimits = adapter.paceLimits(for: template, upstream: upstream, variables: variables)
        return request
    }

    private func applyAuth(to headers: inout [HTTPHeader], query: inout [(String, String)]) {
        guard let auth = adapter.auth else { return }
        var variables = [JSON](repeating: .null, count: adapter.layout.count)
        variables[VariableLayout.credentials] = .object(JSONObject(upstream.credentials.map { ($0.key, JSON.string($0.value)) }))
        variables[VariableLayout.settings] = .object(upstream.settings)
        switch auth {
        case .header(let name, let value):
            headers.append(HTTPHeader(name: name, value: Self.headerSafe(value.evaluate(variables).interpolatedText)))
        case .bearer(let token):
            headers.append(HTTPHeader(name: "Authorization", value: "Bearer " + Self.headerSafe(token.evaluate(variables).interpolatedText)))
        case .basic(let username, let password):
            let pair = username.evaluate(variables).interpolatedText + ":" + password.evaluate(variables).interpolatedText
            headers.append(HTTPHeader(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString()))
        case .queryParameter(let name, let value):
            query.append((name, value.evaluate(variables).interpolatedText))
        }
    }

    /// Header values cannot carry line breaks: a value with CR or LF could inject another header.
    static func headerSafe(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }.map(Character.init))
    }
}

/// Percent-encoding for the two places values enter a URL.
enum PercentEncoding {
    /// RFC 3986 unreserved characters stay; everything else, `/ ? # & = +` included, is encoded.
    static func queryValue(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return result
    }

    /// One path segment: like a query value, and `.`/`..` are encoded so a value can never climb a level.
    static func pathSegment(_ text: String) -> String {
        switch text {
        case ".": return "%2E"
        case "..": return "%2E%2E"
        default: return queryValue(text)
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }
}
