import Foundation

/// Values in config.yaml may come from the environment or from files, so secrets stay out of the file:
/// `${SHOPIFY_TOKEN}`, `${SHOPIFY_TOKEN:-default}`, `${file:/run/secrets/shopify}`.
package enum SecretReference {
    package enum Failure: Error, Equatable {
        case unsetVariable(String)
        case unreadableFile(String)
        case unterminated
    }

    package static func resolve(_ text: String, environment: [String: String]) -> Result<String, Failure> {
        guard text.contains("${") else { return .success(text) }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { return .failure(.unterminated) }
            let reference = rest[start.upperBound..<end]
            switch value(of: reference, environment: environment) {
            case .success(let value): result += value
            case .failure(let failure): return .failure(failure)
            }
            rest = rest[rest.index(after: end)...]
        }
        return .success(result + rest)
    }

    private static func value(of reference: Substring, environment: [String: String]) -> Result<String, Failure> {
        if reference.hasPrefix("file:") {
            let path = String(reference.dropFirst(5))
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                return .failure(.unreadableFile(path))
            }
            // Secret files usually end with a newline that is not part of the secret.
            return .success(text.trimmingCharacters(in: .newlines))
        }
        let name: Substring
        let fallback: Substring?
        if let separator = reference.range(of: ":-") {
            name = reference[..<separator.lowerBound]
            fallback = reference[separator.upperBound...]
        } else {
            name = reference
            fallback = nil
        }
        if let value = environment[String(name)], !value.isEmpty { return .success(value) }
        if let fallback { return .success(String(fallback)) }
        return .failure(.unsetVariable(String(name)))
    }
}
