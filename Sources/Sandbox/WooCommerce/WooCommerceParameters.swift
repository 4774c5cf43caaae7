import Foundation

/// Reads query parameters the way the WordPress REST API validates them (`rest_validate_value_from_schema`),
/// collecting every problem so that one 400 `rest_invalid_param` lists them all.
struct WooCommerceParameters {
    struct Problem {
        let name: String
        let code: String
        let message: String
    }

    let request: SimulatedRequest
    private(set) var problems: [Problem] = []

    init(_ request: SimulatedRequest) {
        self.request = request
    }

    /// The value of `name` or `name[]` (PHP array syntax), joined with commas when repeated.
    func raw(_ name: String) -> String? {
        let values = request.query.filter { $0.name == name || $0.name == name + "[]" }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ",")
    }

    private mutating func problem(_ name: String, _ code: String, _ message: String) {
        if !problems.contains(where: { $0.name == name }) { problems.append(Problem(name: name, code: code, message: message)) }
    }

    /// An integer within bounds; WordPress accepts numeric strings with an integral value.
    mutating func integer(_ name: String, default defaultValue: Int?, minimum: Int? = nil, maximum: Int? = nil) -> Int? {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Self.integerValue(text) else {
            problem(name, "rest_invalid_type", "\(name) is not of type integer.")
            return defaultValue
        }
        if let minimum, let maximum, !(minimum...maximum).contains(value) {
            problem(name, "rest_out_of_bounds", "\(name) must be between \(minimum) (inclusive) and \(maximum) (inclusive)")
            return defaultValue
        }
        if let minimum, value < minimum {
            problem(name, "rest_out_of_bounds", "\(name) must be greater than or equal to \(minimum)")
            return defaultValue
        }
        return value
    }

    static func integerValue(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Int(trimmed) { return value }
        if let double = Double(trimmed), double.rounded() == double, abs(double) < 1e15 { return Int(double) }
        return nil
    }

    /// One of `allowed`.
    mutating func choice(_ name: String, _ allowed: [String], default defaultValue: String) -> String {
        guard let value = raw(name) else { return defaultValue }
        guard allowed.contains(value) else {
            problem(name, "rest_not_in_enum", "\(name) is not one of \(Self.list(allowed)).")
            return defaultValue
        }
        return value
    }

    /// Several of `allowed`, comma-separated (array parameters).
    mutating func choices(_ name: String, _ allowed: [String], default defaultValue: [String]) -> [String] {
        guard let text = raw(name) else { return defaultValue }
        let values = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for value in values where !allowed.contains(value) {
            problem(name, "rest_not_in_enum", "\(name)[\(values.firstIndex(of: value) ?? 0)] is not one of \(Self.list(allowed)).")
            return defaultValue
        }
        return values
    }

    /// Comma-separated integers (`include=1,2,3` or `include[]=1&include[]=2`).
    mutating func integers(_ name: String) -> [Int]? {
        guard let text = raw(name), !text.isEmpty else { return nil }
        var values: [Int] = []
        for (index, part) in text.split(separator: ",").enumerated() {
            guard let value = Self.integerValue(String(part)) else {
                problem(name, "rest_invalid_type", "\(name)[\(index)] is not of type integer.")
                return nil
            }
            values.append(value)
        }
        return values
    }

    /// `rest_sanitize_boolean`: true/1 and false/0.
    mutating func boolean(_ name: String) -> Bool? {
        guard let text = raw(name) else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0", "": return false
        default:
            problem(name, "rest_invalid_type", "\(name) is not of type boolean.")
            return nil
        }
    }

    mutating func string(_ name: String) -> String? {
        raw(name)
    }

    /// An email address (`format: email`).
    mutating func email(_ name: String) -> String? {
        guard let text = raw(name) else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !text.contains(" ") else {
            problem(name, "rest_invalid_email", "Invalid email address.")
            return nil
        }
        return text
    }

    /// WordPress's `%l` list: `a, b, and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return "\(items[0]) and \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + ", and " + (items.last ?? "")
        }
    }

    /// The 400 answer listing every problem, or nil when there is none.
    var failure: SimulatedResponse? {
        guard !problems.isEmpty else { return nil }
        var params: [(key: String, value: JSONValue)] = []
        var details: [(key: String, value: JSONValue)] = []
        for problem in problems {
            params.append((problem.name, .string(problem.message)))
            details.append((problem.name, ["code": .string(problem.code), "message": .string(problem.message), "data": nil]))
        }
        let body: JSONValue = [
            "code": "rest_invalid_param",
            "message": .string("Invalid parameter(s): \(problems.map(\.name).joined(separator: ", "))"),
            "data": ["status": 400, "params": .object(params), "details": .object(details)],
        ]
        return WooCommerceResponses.json(400, body)
    }
}
