/// Filters over arrays (and, where it makes sense, strings and objects).
enum CollectionFilters {
    /// `first`: the first element of an array or first Character of a string; null when empty.
    static func first(_ input: JSON) -> JSON {
        switch input {
        case .array(let elements): return elements.first ?? .null
        case .string(let text): return text.first.map { .string(String($0)) } ?? .null
        default: return .null
        }
    }

    /// `last`: the last element of an array or last Character of a string; null when empty.
    static func last(_ input: JSON) -> JSON {
        switch input {
        case .array(let elements): return elements.last ?? .null
        case .string(let text): return text.last.map { .string(String($0)) } ?? .null
        default: return .null
        }
    }

    /// `size`: element count, Character count, or key count.
    static func size(_ input: JSON) -> JSON {
        switch input {
        case .array(let elements): return .number(Double(elements.count))
        case .string(let text): return .number(Double(text.count))
        case .object(let object): return .number(Double(object.count))
        default: return .null
        }
    }

    /// `pluck(key)`: `[{a:1},{a:2},3]` → `[1, 2, null]`.
    static func pluck(_ input: JSON, key: JSON) -> JSON {
        guard case .array(let elements) = input, case .string(let name) = key else { return .null }
        return .array(
            elements.map { element in
                if case .object(let object) = element { return object[name] ?? .null }
                return .null
            })
    }

    /// `any`: whether some element is truthy.
    static func any(_ input: JSON) -> JSON {
        guard case .array(let elements) = input else { return .null }
        return .bool(elements.contains { $0.isTruthy })
    }

    /// `all`: whether every element is truthy (true for an empty array).
    static func all(_ input: JSON) -> JSON {
        guard case .array(let elements) = input else { return .null }
        return .bool(elements.allSatisfy { $0.isTruthy })
    }

    /// `sum`: numbers and numeric strings added up; other elements skipped; 0 for an empty array.
    static func sum(_ input: JSON) -> JSON {
        guard case .array(let elements) = input else { return .null }
        var total = 0.0
        for element in elements {
            switch element {
            case .number(let number): total += number
            case .string(let text): total += NumericText.parse(text) ?? 0
            // `map(it.enabled) | sum` counts the trues.
            case .bool(let flag): total += flag ? 1 : 0
            default: break
            }
        }
        return total.isFinite ? .number(total) : .null
    }

    /// `compact`: the array without nulls.
    static func compact(_ input: JSON) -> JSON {
        guard case .array(let elements) = input else { return .null }
        return .array(elements.filter { !$0.isNull })
    }

    /// `contains(value)`: an array element equal to `value`, or a substring of a string; a bool.
    static func contains(_ input: JSON, _ value: JSON) -> JSON {
        switch (input, value) {
        case (.array(let elements), _): .bool(elements.contains(value))
        case (.string(let text), .string(let part)): .bool(part.isEmpty || text.contains(part))
        case (.null, _): .bool(false)
        default: .null
        }
    }

    /// `concat(other)`: two arrays one after the other; null on either side counts as `[]`, so
    /// lists from two endpoints can be joined even when one is missing; other kinds give null.
    static func concat(_ input: JSON, _ other: JSON) -> JSON {
        switch (input, other) {
        case (.array(let first), .array(let second)): .array(first + second)
        case (.array, .null): input
        case (.null, .array): other
        case (.null, .null): .array([])
        default: .null
        }
    }

    /// `join(separator)`: elements as text (see string interpolation) joined; nulls skipped.
    static func join(_ input: JSON, separator: JSON) -> JSON {
        guard case .array(let elements) = input, case .string(let separatorText) = separator else { return .null }
        var result = ""
        var first = true
        for element in elements where !element.isNull {
            if !first { result += separatorText }
            first = false
            ValueText.append(element, to: &result)
        }
        return .string(result)
    }

    /// `slice(start, length)`: up to `length` elements (or Characters) from `start`; a negative start
    /// counts from the end; without a length, everything from `start`.
    static func slice(_ input: JSON, start: JSON, length: JSON?) -> JSON {
        guard let startValue = start.doubleValue, !startValue.isNaN else { return .null }
        var lengthValue: Double?
        if let length {
            guard let value = length.doubleValue, !value.isNaN else { return .null }
            lengthValue = value
        }
        func bounds(count: Int) -> Range<Int> {
            let clampedStart = Int(max(-1e15, min(1e15, startValue.rounded(.down))))
            var lower = clampedStart < 0 ? count + clampedStart : clampedStart
            lower = max(0, min(count, lower))
            var upper = count
            if let lengthValue {
                let wanted = Int(max(0, min(1e15, lengthValue.rounded(.down))))
                upper = min(count, lower + min(wanted, count))
            }
            return lower..<max(lower, upper)
        }
        switch input {
        case .array(let elements):
            return .array(Array(elements[bounds(count: elements.count)]))
        case .string(let text):
            let characters = Array(text)
            return .string(String(characters[bounds(count: characters.count)]))
        default:
            return .null
        }
    }
}
