import Foundation

/// The body of `POST /crm/v3/objects/{type}/search`, validated the way HubSpot does, and its
/// filter semantics: filters in a group are ANDed, groups are ORed; string comparisons ignore
/// case (so an email `EQ` finds `Jean@X.com` for `jean@x.com`).
struct HubSpotSearchRequest {
    static let maximumLimit = 100
    static let maximumGroups = 5
    static let maximumFiltersPerGroup = 6
    static let maximumResults = 10_000

    static let operators: Set<String> = [
        "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY",
        "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
    ]

    struct Filter {
        let propertyName: String
        let operatorName: String
        let value: String?
        let values: [String]
        let highValue: String?
    }

    let groups: [[Filter]]
    let sort: (property: String, descending: Bool)?
    let query: String?
    let properties: [String]?
    let limit: Int
    let after: Int

    /// Reads the body; the failure is HubSpot's 400 answer.
    static func parse(_ body: [UInt8], knownProperties: Set<String>) -> Result<HubSpotSearchRequest, SimulatedResponseBox> {
        func fail(_ message: String) -> Result<HubSpotSearchRequest, SimulatedResponseBox> {
            .failure(SimulatedResponseBox(HubSpotResponses.validation(message)))
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(body, maximumDepth: 32)
        } catch {
            return .failure(SimulatedResponseBox(HubSpotResponses.malformedJSON(body, error)))
        }
        guard json.objectMembers != nil else {
            return fail("Invalid input JSON on line 1, column 1: Cannot deserialize value of type `PublicObjectSearchRequest` from non-object value")
        }
        var limit = 10
        if let raw = json["limit"], !raw.isNull {
            guard let value = raw.intValue else { return fail("Invalid input JSON: limit must be an integer") }
            guard value >= 0 else { return fail("limit must be greater than or equal to 0") }
            guard value <= maximumLimit else { return fail("limit must be less than or equal to \(maximumLimit)") }
            limit = value
        }
        var after = 0
        if let raw = json["after"], !raw.isNull {
            guard let value = raw.intValue ?? raw.stringValue.flatMap({ Int($0) }), value >= 0 else {
                return fail("Invalid input JSON: after must be a non-negative integer offset")
            }
            after = value
        }
        guard after + limit <= maximumResults else {
            return fail("Cannot page beyond \(maximumResults) results: after + limit must not exceed \(maximumResults)")
        }
        var groups: [[Filter]] = []
        for groupValue in json["filterGroups"]?.arrayValue ?? [] {
            var filters: [Filter] = []
            for filterValue in groupValue["filters"]?.arrayValue ?? [] {
                guard let name = filterValue["propertyName"]?.stringValue else {
                    return fail("Invalid input JSON: Some required fields were not set: [propertyName]")
                }
                let operatorName = filterValue["operator"]?.stringValue ?? "EQ"
                guard operators.contains(operatorName) else {
                    return fail(
                        "Invalid input JSON: Cannot deserialize value of type `FilterOperatorEnum` from String \"\(operatorName)\": not one of the values accepted for Enum class: [\(operators.sorted().joined(separator: ", "))]"
                    )
                }
                guard knownProperties.contains(name) else {
                    return fail("There was a problem with the request: Property \"\(name)\" does not exist")
                }
                let value = filterValue["value"].flatMap(Self.text)
                let values = (filterValue["values"]?.arrayValue ?? []).compactMap(Self.text)
                let highValue = filterValue["highValue"].flatMap(Self.text)
                switch operatorName {
                case "HAS_PROPERTY", "NOT_HAS_PROPERTY": break
                case "IN", "NOT_IN":
                    if values.isEmpty { return fail("Filter on \(name) with operator \(operatorName) requires values") }
                case "BETWEEN":
                    if value == nil || highValue == nil { return fail("Filter on \(name) with operator BETWEEN requires value and highValue") }
                default:
                    if value == nil { return fail("Filter on \(name) with operator \(operatorName) requires a value") }
                }
                filters.append(Filter(propertyName: name, operatorName: operatorName, value: value, values: values, highValue: highValue))
            }
            guard filters.count <= maximumFiltersPerGroup else {
                return fail("Too many filters in a filter group: \(filters.count). The maximum is \(maximumFiltersPerGroup).")
            }
            groups.append(filters)
        }
        guard groups.count <= maximumGroups else {
            return fail("Too many filter groups: \(groups.count). The maximum is \(maximumGroups).")
        }
        var sort: (String, Bool)?
        let sorts = json["sorts"]?.arrayValue ?? []
        guard sorts.count <= 1 else { return fail("Only one sort is supported") }
        if let first = sorts.first {
            if let name = first.stringValue {
                sort = name.hasPrefix("-") ? (String(name.dropFirst()), true) : (name, false)
            } else if let name = first["propertyName"]?.stringValue {
                sort = (name, (first["direction"]?.stringValue ?? "ASCENDING").uppercased() == "DESCENDING")
            } else {
                return fail("Invalid input JSON: Some required fields were not set: [propertyName]")
            }
        }
        let properties = json["properties"]?.arrayValue?.compactMap(\.stringValue)
        let query = json["query"]?.stringValue
        return .success(HubSpotSearchRequest(groups: groups, sort: sort, query: query, properties: properties, limit: limit, after: after))
    }

    /// Strings as they are; numbers and booleans as HubSpot reads them (as text).
    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// True when the record (property name → value; absent = no value) matches.
    func matches(_ properties: [String: String], searchable: [String]) -> Bool {
        if let query, !query.trimmingCharacters(in: .whitespaces).isEmpty {
            let words = query.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
            let tokens = searchable.compactMap { properties[$0] }.flatMap { value in
                [value.lowercased()] + Self.tokens(of: value)
            }
            guard words.allSatisfy({ word in tokens.contains { $0.hasPrefix(word) } }) else { return false }
        }
        guard !groups.isEmpty else { return true }
        return groups.contains { group in group.allSatisfy { Self.matches($0, properties[$0.propertyName]) } }
    }

    static func tokens(of value: String) -> [String] {
        value.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static let datetimeProperties: Set<String> = ["createdate", "lastmodifieddate", "hs_lastmodifieddate", "closed_date"]

    /// A value for comparisons: numbers and datetimes (epoch milliseconds or ISO) as numbers.
    private static func comparable(_ text: String, property: String) -> PropertyValue {
        if datetimeProperties.contains(property) {
            if let milliseconds = Int(text) { return .number(Double(milliseconds)) }
            if let seconds = ISOTimestamp.unixTime(fromUTCString: text) { return .number(Double(seconds) * 1000 + fraction(text)) }
        }
        if let number = Double(text) { return .number(number) }
        return .text(text.lowercased())
    }

    private static func fraction(_ iso: String) -> Double {
        guard let dot = iso.firstIndex(of: "."), let digits = Int(iso[iso.index(after: dot)...].prefix(3)) else { return 0 }
        return Double(digits)
    }

    private enum PropertyValue: Equatable {
        case number(Double)
        case text(String)

        func compare(_ other: PropertyValue) -> Int? {
            switch (self, other) {
            case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
            case (.text(let a), .text(let b)): return a < b ? -1 : (a > b ? 1 : 0)
            default: return nil
            }
        }
    }

    static func matches(_ filter: Filter, _ stored: String?) -> Bool {
        switch filter.operatorName {
        case "HAS_PROPERTY": return stored.map { !$0.isEmpty } ?? false
        case "NOT_HAS_PROPERTY": return stored.map(\.isEmpty) ?? true
        default: break
        }
        guard let stored, !stored.isEmpty else {
            return ["NEQ", "NOT_IN", "NOT_CONTAINS_TOKEN"].contains(filter.operatorName)
        }
        let name = filter.propertyName
        let value = comparable(stored, property: name)
        func order(_ text: String?) -> Int? { text.flatMap { value.compare(comparable($0, property: name)) } }
        switch filter.operatorName {
        case "EQ": return order(filter.value) == 0
        case "NEQ": return order(filter.value) != 0
        case "LT": return order(filter.value) == -1
        case "LTE": return (order(filter.value) ?? 1) <= 0
        case "GT": return order(filter.value) == 1
        case "GTE": return (order(filter.value) ?? -1) >= 0
        case "BETWEEN": return (order(filter.value) ?? -1) >= 0 && (order(filter.highValue) ?? 1) <= 0
        case "IN": return filter.values.contains { order($0) == 0 }
        case "NOT_IN": return !filter.values.contains { order($0) == 0 }
        case "CONTAINS_TOKEN": return containsToken(stored, filter.value ?? "")
        case "NOT_CONTAINS_TOKEN": return !containsToken(stored, filter.value ?? "")
        default: return false
        }
    }

    /// A token of the value equals the pattern, where `*` in the pattern matches any run.
    private static func containsToken(_ stored: String, _ pattern: String) -> Bool {
        let pattern = pattern.lowercased()
        let candidates = [stored.lowercased()] + tokens(of: stored)
        guard pattern.contains("*") else { return candidates.contains(pattern) }
        return candidates.contains { glob(pattern, $0) }
    }

    /// Wildcard match where `*` matches any run of characters (iterative, no recursion).
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var (pi, ti) = (0, 0)
        var star: Int?
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] != "*", p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if let star {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Orders records by the sort property (numbers numerically), then by id.
    func sorted(_ records: [(id: Int, properties: [String: String])]) -> [(id: Int, properties: [String: String])] {
        guard let sort else { return records.sorted { $0.id < $1.id } }
        return records.sorted { a, b in
            let left = a.properties[sort.property].map { Self.comparable($0, property: sort.property) }
            let right = b.properties[sort.property].map { Self.comparable($0, property: sort.property) }
            let order: Int
            switch (left, right) {
            case (nil, nil): order = 0
            case (nil, _): order = 1  // records without a value come last
            case (_, nil): order = -1
            case (let l?, let r?): order = l.compare(r) ?? 0
            }
            if order == 0 { return a.id < b.id }
            if left == nil || right == nil { return order < 0 }
            return sort.descending ? order > 0 : order < 0
        }
    }
}
