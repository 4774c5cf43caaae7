extension Expression {
    /// The keys of the root variable `name` this expression can read: `params.idWebsite` and
    /// `params['idOperator']` read one key each. Nil when it may read any of them (the variable
    /// whole, as in `params | to_string`, or a key computed at run time): then everything it holds
    /// counts. Empty when it does not read the variable at all.
    ///
    /// Caches derive their keys from it: an answer depends on the keys its expressions read.
    package func keysRead(ofVariable name: String) -> Set<String>? {
        guard let slot = slotNames.firstIndex(of: name), referencedSlots.contains(slot) else { return [] }
        var keys: Set<String> = []
        return root.collectKeys(ofSlot: slot, into: &keys) ? keys : nil
    }
}

extension ExpressionNode {
    /// Adds the keys of `slot` this node reads to `keys`; false when it may read any of them.
    func collectKeys(ofSlot slot: Int, into keys: inout Set<String>) -> Bool {
        switch self {
        case .literal:
            return true
        case .variable(let read, let path):
            guard read == slot else { return Self.collectKeys(inSteps: path[...], ofSlot: slot, into: &keys) }
            guard let first = path.first else { return false }
            switch first {
            case .key(let key): keys.insert(key)
            case .index: break  // an object has no index: reads nothing
            case .computed: return false
            }
            return Self.collectKeys(inSteps: path.dropFirst(), ofSlot: slot, into: &keys)
        case .path(let base, let steps):
            return base.collectKeys(ofSlot: slot, into: &keys) && Self.collectKeys(inSteps: steps[...], ofSlot: slot, into: &keys)
        case .fallback(let operands), .and(let operands), .or(let operands), .array(let operands):
            return operands.allSatisfy { $0.collectKeys(ofSlot: slot, into: &keys) }
        case .pipe(let input, let filters):
            return input.collectKeys(ofSlot: slot, into: &keys)
                && filters.allSatisfy { $0.arguments.allSatisfy { $0.collectKeys(ofSlot: slot, into: &keys) } }
        case .not(let operand):
            return operand.collectKeys(ofSlot: slot, into: &keys)
        case .comparison(_, let lhs, let rhs), .arithmetic(_, let lhs, let rhs):
            return lhs.collectKeys(ofSlot: slot, into: &keys) && rhs.collectKeys(ofSlot: slot, into: &keys)
        case .condition(let condition, let then, let otherwise):
            return condition.collectKeys(ofSlot: slot, into: &keys) && then.collectKeys(ofSlot: slot, into: &keys)
                && otherwise.collectKeys(ofSlot: slot, into: &keys)
        case .interpolation(let parts):
            return parts.allSatisfy { part in
                if case .value(let node) = part { return node.collectKeys(ofSlot: slot, into: &keys) }
                return true
            }
        case .object(let entries):
            return entries.allSatisfy { $0.value.collectKeys(ofSlot: slot, into: &keys) }
        }
    }

    /// Computed steps (`x[params.idWebsite]`) read too.
    private static func collectKeys(inSteps steps: ArraySlice<PathStep>, ofSlot slot: Int, into keys: inout Set<String>) -> Bool {
        steps.allSatisfy { step in
            if case .computed(let node) = step { return node.collectKeys(ofSlot: slot, into: &keys) }
            return true
        }
    }
}

extension Expression {
    /// `params.idCategory` or `params.idCategory | gid`: the variable and first key whose null makes
    /// the whole value null. Nil for anything else (a fallback with `??` or `default`, arithmetic,
    /// a literal): a loader warns about a path segment that reads an optional value this way.
    package var nullPassingRead: (variable: String, key: String)? {
        var node = root
        if case .pipe(let input, let filters) = node {
            // These turn null into a value.
            guard !filters.contains(where: { ["default", "contains", "concat"].contains($0.name) }) else { return nil }
            node = input
        }
        guard case .variable(let slot, let path) = node, slot < slotNames.count, case .key(let key)? = path.first else { return nil }
        return (slotNames[slot], key)
    }
}
