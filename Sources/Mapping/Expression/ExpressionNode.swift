/// A compiled expression: a tree with variable slots resolved, paths pre-split and constant parts
/// already evaluated. Evaluation is total: every mismatch yields `null`.
///
/// Chains (`a ?? b ?? c`, `x | f | g`, `a or b or c`, path steps) are stored flat, so the tree's
/// depth is bounded by the parser's nesting limit and evaluation cannot overflow the stack.
indirect enum ExpressionNode: Sendable {
    case literal(JSON)
    /// A root variable followed by zero or more path steps: `item.variants.nodes[0]`.
    case variable(slot: Int, path: [PathStep])
    /// Path steps applied to any other value: `(a ?? b).c`.
    case path(base: ExpressionNode, steps: [PathStep])
    /// The first operand that is not null.
    case fallback([ExpressionNode])
    case pipe(input: ExpressionNode, filters: [FilterCall])
    case not(ExpressionNode)
    case and([ExpressionNode])
    case or([ExpressionNode])
    case comparison(ComparisonOperator, ExpressionNode, ExpressionNode)
    case arithmetic(ArithmeticOperator, ExpressionNode, ExpressionNode)
    case condition(ExpressionNode, then: ExpressionNode, else: ExpressionNode)
    case interpolation([InterpolationPart])
    case array([ExpressionNode])
    case object([(key: String, value: ExpressionNode)])

    /// One step of a path.
    enum PathStep: Sendable {
        case key(String)
        /// Negative indices count from the end.
        case index(Int)
        /// `[expr]`: a number indexes arrays, a string keys objects.
        case computed(ExpressionNode)
    }

    /// A piece of a double-quoted string.
    enum InterpolationPart: Sendable {
        case text(String)
        case value(ExpressionNode)
    }

    /// One `| name(arguments)` stage (a class, so walking a pipe copies one reference, not the
    /// closure, arguments and cached constants).
    final class FilterCall: Sendable {
        let name: String
        /// What the filter takes and gives, for the load-time kind checks.
        let input: FilterInput
        let output: FilterOutput
        let apply: @Sendable (JSON, FilterArguments) -> JSON
        let arguments: [ExpressionNode]
        /// The arguments, when they are all literals (the common case), evaluated once.
        let constantArguments: FilterArguments?
        /// For `filter(…)`, `map(…)`…: the operation and the slot its argument reads the element from
        /// (the argument is `arguments[0]`).
        let list: (operation: ListOperation, slot: Int)?

        init(definition: FilterDefinition, arguments: [ExpressionNode]) {
            self.name = definition.name
            self.input = definition.input
            self.output = definition.output
            self.apply = definition.apply
            self.arguments = arguments
            let literals = arguments.compactMap(\.literalValue)
            constantArguments = literals.count == arguments.count ? FilterArguments(literals) : nil
            list = nil
        }

        init(list operation: ListOperation, body: ExpressionNode, slot: Int) {
            self.name = operation.rawValue
            self.input = operation.input
            self.output = .kind(operation.output)
            self.apply = { _, _ in .null }
            self.arguments = [body]
            constantArguments = nil
            list = (operation, slot)
        }

        @inline(__always)
        func run(_ input: JSON, _ variables: [JSON]) -> JSON {
            if let list { return list.operation.apply(input, body: arguments[0], slot: list.slot, variables) }
            if let constantArguments { return apply(input, constantArguments) }
            let count = arguments.count
            return apply(
                input,
                FilterArguments(
                    count: count,
                    first: count > 0 ? arguments[0].evaluate(variables) : .null,
                    second: count > 1 ? arguments[1].evaluate(variables) : .null,
                    third: count > 2 ? arguments[2].evaluate(variables) : .null
                ))
        }
    }

    /// The value, when this node is a literal.
    var literalValue: JSON? {
        if case .literal(let value) = self { return value }
        return nil
    }

    // MARK: Evaluation

    func evaluate(_ variables: [JSON]) -> JSON {
        switch self {
        case .literal(let value):
            return value
        case .variable(let slot, let path):
            guard slot < variables.count else { return .null }
            if path.isEmpty { return variables[slot] }
            return Self.follow(path, from: variables[slot], variables)
        case .path(let base, let steps):
            return Self.follow(steps, from: base.evaluate(variables), variables)
        case .fallback(let operands):
            for operand in operands {
                let value = operand.evaluate(variables)
                if !value.isNull { return value }
            }
            return .null
        case .pipe(let input, let filters):
            var value = input.evaluate(variables)
            for filter in filters { value = filter.run(value, variables) }
            return value
        case .not(let operand):
            return .bool(!operand.evaluate(variables).isTruthy)
        case .and(let operands):
            for operand in operands where !operand.evaluate(variables).isTruthy { return .bool(false) }
            return .bool(true)
        case .or(let operands):
            for operand in operands where operand.evaluate(variables).isTruthy { return .bool(true) }
            return .bool(false)
        case .comparison(let comparison, let lhs, let rhs):
            return .bool(comparison.holds(lhs.evaluate(variables), rhs.evaluate(variables)))
        case .arithmetic(let operation, let lhs, let rhs):
            return operation.apply(lhs.evaluate(variables), rhs.evaluate(variables))
        case .condition(let condition, let then, let otherwise):
            return condition.evaluate(variables).isTruthy ? then.evaluate(variables) : otherwise.evaluate(variables)
        case .interpolation(let parts):
            var text = ""
            text.reserveCapacity(64)
            for part in parts {
                switch part {
                case .text(let literal): text += literal
                case .value(let node): ValueText.append(node.evaluate(variables), to: &text)
                }
            }
            return .string(text)
        case .array(let elements):
            var values: [JSON] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(element.evaluate(variables)) }
            return .array(values)
        case .object(let entries):
            var object = JSONObject(minimumCapacity: entries.count)
            for entry in entries { object.append(key: entry.key, value: entry.value.evaluate(variables)) }
            return .object(object)
        }
    }

    /// Walks `steps` from `start`; any step that does not apply yields null.
    @inline(__always)
    static func follow(_ steps: [PathStep], from start: JSON, _ variables: [JSON]) -> JSON {
        var current = start
        for step in steps {
            switch step {
            case .key(let key):
                guard case .object(let object) = current, let value = object[key] else { return .null }
                current = value
            case .index(let index):
                guard case .array(let elements) = current else { return .null }
                let position = index < 0 ? elements.count + index : index
                guard position >= 0 && position < elements.count else { return .null }
                current = elements[position]
            case .computed(let node):
                switch node.evaluate(variables) {
                case .string(let key):
                    guard case .object(let object) = current, let value = object[key] else { return .null }
                    current = value
                case .number(let number):
                    guard case .array(let elements) = current, let index = Int(exactly: number) else { return .null }
                    let position = index < 0 ? elements.count + index : index
                    guard position >= 0 && position < elements.count else { return .null }
                    current = elements[position]
                default:
                    return .null
                }
            }
        }
        return current
    }

    // MARK: Constant folding

    /// This node replaced by its value when every direct operand is a literal (nothing to read).
    func folded() -> ExpressionNode {
        guard operandsAreLiterals else { return self }
        return .literal(evaluate([]))
    }

    private var operandsAreLiterals: Bool {
        func literal(_ node: ExpressionNode) -> Bool { node.literalValue != nil }
        func stepsAreLiteral(_ steps: [PathStep]) -> Bool {
            steps.allSatisfy { step in
                if case .computed(let node) = step { return literal(node) }
                return true
            }
        }
        switch self {
        case .literal, .variable:
            return false
        case .path(let base, let steps):
            return literal(base) && stepsAreLiteral(steps)
        case .fallback(let operands), .and(let operands), .or(let operands), .array(let operands):
            return operands.allSatisfy(literal)
        case .object(let entries):
            return entries.allSatisfy { literal($0.value) }
        case .pipe(let input, let filters):
            return literal(input) && filters.allSatisfy { $0.constantArguments != nil }
        case .not(let operand):
            return literal(operand)
        case .comparison(_, let lhs, let rhs), .arithmetic(_, let lhs, let rhs):
            return literal(lhs) && literal(rhs)
        case .condition(let condition, let then, let otherwise):
            return literal(condition) && literal(then) && literal(otherwise)
        case .interpolation(let parts):
            return parts.allSatisfy { part in
                if case .value(let node) = part { return literal(node) }
                return true
            }
        }
    }
}
