import Mapping

extension DefinitionReader {
    /// `path: /prices/{settings.region}/…` with a region that defaults to null: the request is not
    /// made while it is null (its value is null, and `try` says why), which is rarely what the
    /// author meant. A load warning, unless the request's `when` (or its enrichment's or prepared
    /// value's) reads the same value or the segment has a fallback (`??`, `default`).
    func warnAboutSegmentsThatMayBeNull(_ path: TextTemplate, in node: ConfigNode, guards: [Mapping.Expression]) {
        for part in path.parts {
            guard case .value(let expression) = part, let read = expression.nullPassingRead,
                let known = layout.knownKeys[read.variable], known.mayBeNull.contains(read.key),
                !guards.contains(where: { $0.keysRead(ofVariable: read.variable)?.contains(read.key) ?? true })
            else { continue }
            let what = read.variable == "params" ? "an optional parameter" : "a setting whose default is null"
            let fix =
                read.variable == "params"
                ? "add 'when: \(read.variable).\(read.key) != null' to the request, or give a fallback: {\(read.variable).\(read.key) ?? '…'}"
                : "list it under requiredSettings, or give a fallback: {\(read.variable).\(read.key) ?? '…'}"
            diagnostics.warning(
                "'\(expression.source)' in the path can be null (\(what)): the request is not made while it is",
                at: location(of: expression, in: node),
                hint: fix)
        }
    }

    /// Where `{source}` starts in the path scalar (the path's own start when it cannot be told).
    private func location(of expression: Mapping.Expression, in node: ConfigNode) -> SourceLocation {
        guard case .scalar(let scalar) = node.node, let range = scalar.string.range(of: "{" + expression.source + "}") else { return node.location }
        let offset = scalar.string.unicodeScalars.distance(from: scalar.string.unicodeScalars.startIndex, to: range.lowerBound) + 1
        return node.location(ofOffset: offset, in: scalar)
    }
}
