import Foundation
import GraphQL

/// What each field costs, by kind, derived once from the schema: scalars and enums are free,
/// objects cost 1, connections cost 2 + m × (1 + node cost) with m = max(1, ⌊2·ln(first)⌋).
struct QueryCostModel: Sendable {
    enum FieldKind: Sendable, Equatable {
        /// Scalars, enums, lists of them, `__typename`, introspection.
        case leaf
        /// `pageInfo` of a connection: included in the connection's base cost.
        case free
        case object(String)
        case connection(String)
        /// `nodes`/`edges` of a connection or `node` of an edge: paid per node by the connection.
        case perNode(String)
    }

    private let kinds: [String: [String: FieldKind]]

    init(objectTypes: [GraphQLObjectType]) throws {
        var kinds: [String: [String: FieldKind]] = [:]
        for type in objectTypes {
            let isConnection = type.name.hasSuffix("Connection")
            let isEdge = type.name.hasSuffix("Edge")
            var fields: [String: FieldKind] = [:]
            for (name, field) in try type.fields() {
                guard let object = Self.namedObject(field.type) else {
                    fields[name] = .leaf
                    continue
                }
                if isConnection, name == "nodes" || name == "edges" {
                    fields[name] = .perNode(object.name)
                } else if isEdge, name == "node" {
                    fields[name] = .perNode(object.name)
                } else if isConnection, name == "pageInfo" {
                    fields[name] = .free
                } else if object.name.hasSuffix("Connection") {
                    fields[name] = .connection(object.name)
                } else {
                    fields[name] = .object(object.name)
                }
            }
            kinds[type.name] = fields
        }
        self.kinds = kinds
    }

    func kind(of field: String, on type: String) -> FieldKind {
        kinds[type]?[field] ?? .leaf
    }

    private static func namedObject(_ type: GraphQLType) -> GraphQLObjectType? {
        var current: GraphQLType = type
        for _ in 0..<8 {
            if let object = current as? GraphQLObjectType { return object }
            if let nonNull = current as? GraphQLNonNull {
                current = nonNull.ofType
            } else if let list = current as? GraphQLList {
                current = list.ofType
            } else {
                return nil
            }
        }
        return nil
    }
}

/// Computes the requested cost of an operation before execution and its actual cost from the
/// data it returned.
final class QueryCostCalculator {
    /// Past this depth a query is priced as unaffordable rather than walked further.
    static let maximumDepth = 64
    static let unaffordable = 1_000_000

    let model: QueryCostModel
    let fragments: [String: FragmentDefinition]
    let variables: [String: Map]
    /// Field groupings already computed, by the identities of the selection sets merged: the
    /// actual cost walks the same selections once per returned node.
    private var collected: [[ObjectIdentifier]: [(key: String, fields: [Field])]] = [:]

    init(model: QueryCostModel, document: Document, operation: OperationDefinition, variables: [String: Map]) {
        self.model = model
        var fragments: [String: FragmentDefinition] = [:]
        for definition in document.definitions {
            if let fragment = definition as? FragmentDefinition { fragments[fragment.name.value] = fragment }
        }
        self.fragments = fragments
        var resolved = variables
        for definition in operation.variableDefinitions where resolved[definition.variable.name.value] == nil {
            if let value = definition.defaultValue as? IntValue, let number = Int(value.value) {
                resolved[definition.variable.name.value] = .int(number)
            }
        }
        self.variables = resolved
    }

    /// m for a page of `size` items: max(1, ⌊2·ln(size)⌋), 4 for 10, 11 for 250.
    static func multiplier(pageSize size: Int) -> Int {
        guard size > 1 else { return 1 }
        return max(1, Int((2 * log(Double(size))).rounded(.down)))
    }

    /// What each top-level mutation field costs, whatever its payload selects.
    static let mutationCost = 10

    func requestedCost(of operation: OperationDefinition) -> Int {
        if operation.operation == .mutation {
            return collectFields([operation.selectionSet]).count { $0.fields[0].name.value != "__typename" } * Self.mutationCost
        }
        return requestedCost(of: [operation.selectionSet], on: "QueryRoot", depth: 0)
    }

    func actualCost(of operation: OperationDefinition, data: Map) -> Int {
        if operation.operation == .mutation { return requestedCost(of: operation) }
        return actualCost(of: [operation.selectionSet], on: "QueryRoot", value: data, depth: 0)
    }

    private func requestedCost(of sets: [SelectionSet], on type: String, depth: Int) -> Int {
        guard depth < Self.maximumDepth else { return Self.unaffordable }
        var total = 0
        for (_, fields) in collectFields(sets) {
            let subsets = fields.compactMap(\.selectionSet)
            switch model.kind(of: fields[0].name.value, on: type) {
            case .leaf, .free:
                continue
            case .object(let child):
                total += 1 + requestedCost(of: subsets, on: child, depth: depth + 1)
            case .perNode(let child):
                total += requestedCost(of: subsets, on: child, depth: depth + 1)
            case .connection(let child):
                let perNode = requestedCost(of: subsets, on: child, depth: depth + 1)
                total += 2 + Self.multiplier(pageSize: pageSize(of: fields[0])) * (1 + perNode)
            }
            if total >= Self.unaffordable { return Self.unaffordable }
        }
        return total
    }

    private func actualCost(of sets: [SelectionSet], on type: String, value: Map, depth: Int) -> Int {
        guard depth < Self.maximumDepth, case .dictionary(let object) = value else { return 0 }
        var total = 0
        for (key, fields) in collectFields(sets) {
            guard let fieldValue = object[key], !fieldValue.isNull, !fieldValue.isUndefined else { continue }
            let subsets = fields.compactMap(\.selectionSet)
            switch model.kind(of: fields[0].name.value, on: type) {
            case .leaf, .free:
                continue
            case .object(let child):
                total += 1 + actualCost(of: subsets, on: child, value: fieldValue, depth: depth + 1)
            case .perNode(let child):
                total += actualCost(of: subsets, on: child, value: fieldValue, depth: depth + 1)
            case .connection(let child):
                let (count, perNode) = connectionActualCost(of: subsets, on: child, value: fieldValue, depth: depth + 1)
                total += 2 + (count == 0 ? 0 : Self.multiplier(pageSize: count) * (1 + perNode))
            }
        }
        return total
    }

    /// The number of nodes a connection returned and the cost of its most expensive node.
    private func connectionActualCost(of sets: [SelectionSet], on type: String, value: Map, depth: Int) -> (count: Int, perNode: Int) {
        guard case .dictionary(let object) = value else { return (0, 0) }
        var count = 0
        var perNode = 0
        for (key, fields) in collectFields(sets) {
            guard case .perNode(let child) = model.kind(of: fields[0].name.value, on: type),
                case .array(let elements)? = object[key]
            else { continue }
            let subsets = fields.compactMap(\.selectionSet)
            count = max(count, elements.count)
            perNode += elements.map { actualCost(of: subsets, on: child, value: $0, depth: depth + 1) }.max() ?? 0
        }
        return (count, perNode)
    }

    /// The page size a connection field asks for (`first` or `last`, literal or variable).
    private func pageSize(of field: Field) -> Int {
        for argument in field.arguments where argument.name.value == "first" || argument.name.value == "last" {
            if let literal = argument.value as? IntValue, let size = Int(literal.value) { return size }
            if let variable = argument.value as? Variable, let size = variables[variable.name.value]?.int { return size }
        }
        return 1
    }

    /// The fields of selection sets grouped by response key (duplicates merged, fragments
    /// followed once each), in document order.
    private func collectFields(_ sets: [SelectionSet]) -> [(key: String, fields: [Field])] {
        let identity = sets.map(ObjectIdentifier.init)
        if let known = collected[identity] { return known }
        let groups = groupFields(sets)
        collected[identity] = groups
        return groups
    }

    private func groupFields(_ sets: [SelectionSet]) -> [(key: String, fields: [Field])] {
        var groups: [(key: String, fields: [Field])] = []
        var positions: [String: Int] = [:]
        var visitedFragments: Set<String> = []
        func visit(_ set: SelectionSet, depth: Int) {
            guard depth < Self.maximumDepth else { return }
            for selection in set.selections {
                if let field = selection as? Field {
                    let key = field.alias?.value ?? field.name.value
                    if let position = positions[key] {
                        groups[position].fields.append(field)
                    } else {
                        positions[key] = groups.count
                        groups.append((key, [field]))
                    }
                } else if let fragment = selection as? InlineFragment {
                    visit(fragment.selectionSet, depth: depth + 1)
                } else if let spread = selection as? FragmentSpread {
                    let name = spread.name.value
                    guard !visitedFragments.contains(name), let fragment = fragments[name] else { continue }
                    visitedFragments.insert(name)
                    visit(fragment.selectionSet, depth: depth + 1)
                }
            }
        }
        for set in sets { visit(set, depth: 0) }
        return groups
    }
}
