/// A compiled adapter expression, ready to evaluate many times.
///
/// Evaluation never throws or traps: wrong types and missing keys yield `null`, which `??` and
/// `default(...)` handle.
package struct Expression: Sendable {
    /// The text it was compiled from.
    package let source: String
    let root: ExpressionNode
    let slotNames: [String]
    let referencedSlots: [Int]
    /// Kind mismatches found while compiling: arithmetic on formatted text, a text filter on a number…
    package let typeFindings: [TypeFinding]

    init(source: String, root: ExpressionNode, slotNames: [String], referencedSlots: [Int], typeFindings: [TypeFinding] = []) {
        self.source = source
        self.root = root
        self.slotNames = slotNames
        self.referencedSlots = referencedSlots
        self.typeFindings = typeFindings
    }

    /// The root variables it reads.
    package var referencedVariables: Set<String> {
        Set(referencedSlots.map { slotNames[$0] })
    }

    /// Its value when it reads no variable (a literal, or filters over literals), else nil.
    package var constantValue: JSON? {
        root.literalValue
    }

    /// Evaluates with `variables[i]` as the value of the compiler's i-th variable name; slots beyond
    /// the end of the array count as `null`.
    package func evaluate(_ variables: [JSON]) -> JSON {
        root.evaluate(variables)
    }
}

extension Expression: CustomStringConvertible {
    package var description: String { source }
}
