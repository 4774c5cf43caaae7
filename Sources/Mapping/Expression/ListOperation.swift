/// The list functions whose argument is evaluated once per element, with `it` bound to the element:
/// `item.variants | filter(it.available) | sort_by(it.price) | first`.
///
/// Like every filter they are total: an input that is not an array gives null.
enum ListOperation: String, Sendable, CaseIterable {
    /// The elements for which the predicate is truthy.
    case filter
    /// The value of the expression for each element.
    case map
    /// How many elements the predicate holds for.
    case count
    /// The first element the predicate holds for, or null.
    case find
    /// The elements ordered by the expression's value (numbers and numeric strings as numbers, other
    /// strings by code point, values that cannot be ordered last); equal keys keep their order.
    case sortBy = "sort_by"

    /// The name of the element inside the argument.
    static let elementName = "it"

    var usage: String {
        switch self {
        case .filter: "filter(predicate), e.g. filter(it.available)"
        case .map: "map(expression), e.g. map(it.price)"
        case .count: "count(predicate), e.g. count(it.status == 'active')"
        case .find: "find(predicate), e.g. find(it.type == 'main')"
        case .sortBy: "sort_by(expression), e.g. sort_by(it.price)"
        }
    }

    /// Applies the operation; `body` reads the element from `variables[slot]`.
    func apply(_ input: JSON, body: ExpressionNode, slot: Int, _ variables: [JSON]) -> JSON {
        guard case .array(let elements) = input else { return .null }
        var scope = variables
        if scope.count <= slot { scope.append(contentsOf: repeatElement(JSON.null, count: slot + 1 - scope.count)) }
        func value(of element: JSON) -> JSON {
            scope[slot] = element
            return body.evaluate(scope)
        }
        switch self {
        case .filter:
            return .array(elements.filter { value(of: $0).isTruthy })
        case .map:
            return .array(elements.map { value(of: $0) })
        case .count:
            return .number(Double(elements.count { value(of: $0).isTruthy }))
        case .find:
            return elements.first { value(of: $0).isTruthy } ?? .null
        case .sortBy:
            let keyed = elements.enumerated().map { (offset: $0.offset, key: value(of: $0.element), element: $0.element) }
            let sorted = keyed.sorted { lhs, rhs in
                switch ListOrder.order(lhs.key, rhs.key) {
                case .some(let order) where order != 0: return order < 0
                case .some: return lhs.offset < rhs.offset
                case .none:
                    // Keys that cannot be ordered go last, in their original order.
                    let lhsOrders = ListOrder.orderable(lhs.key)
                    let rhsOrders = ListOrder.orderable(rhs.key)
                    if lhsOrders != rhsOrders { return lhsOrders }
                    return lhs.offset < rhs.offset
                }
            }
            return .array(sorted.map(\.element))
        }
    }
}

/// How list functions order values, a total order: numbers and numeric strings numerically ("9.5"
/// before "10"), then other strings by code point; null, booleans, arrays and objects cannot be
/// ordered (sort_by puts them last, min and max skip them).
enum ListOrder {
    static func orderable(_ value: JSON) -> Bool {
        switch value {
        case .number(let number): !number.isNaN
        case .string: true
        default: false
        }
    }

    /// -1, 0 or 1; nil when either value cannot be ordered.
    static func order(_ lhs: JSON, _ rhs: JSON) -> Int? {
        guard orderable(lhs), orderable(rhs) else { return nil }
        switch (number(lhs), number(rhs)) {
        case (let a?, let b?): return a < b ? -1 : (a > b ? 1 : 0)
        case (.some, nil): return -1
        case (nil, .some): return 1
        case (nil, nil): return ComparisonOperator.order(lhs, rhs)
        }
    }

    private static func number(_ value: JSON) -> Double? {
        switch value {
        case .number(let number): number.isNaN ? nil : number
        case .string(let text): NumericText.parse(text).flatMap { $0.isNaN ? nil : $0 }
        default: nil
        }
    }

    /// `min` / `max`: the smallest or largest element that can be ordered (the first of equals); null when none can.
    static func extreme(_ input: JSON, largest: Bool) -> JSON {
        guard case .array(let elements) = input else { return .null }
        var best: JSON?
        for element in elements where orderable(element) {
            guard let current = best else {
                best = element
                continue
            }
            guard let order = order(element, current) else { continue }
            if largest ? order > 0 : order < 0 { best = element }
        }
        return best ?? .null
    }
}
