/// Why an expression does not compile, and exactly where.
package struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was expected or what is wrong, e.g. `unknown filter 'mony'`.
    package let message: String
    /// A suggestion for the fix, e.g. `did you mean 'money'?`.
    package let hint: String?
    /// Position of the problem in the source, counted in Unicode scalars from 0 (as YAML tools count
    /// columns); equal to the source length when the problem is its end.
    package let offset: Int

    package init(message: String, hint: String? = nil, offset: Int) {
        self.message = message
        self.hint = hint
        self.offset = offset
    }

    package var description: String {
        var text = "\(message) (at offset \(offset))"
        if let hint { text += "; \(hint)" }
        return text
    }

    /// Line and column (both from 1, columns in Unicode scalars) of `offset` in `source`, for
    /// expressions written over several lines.
    package func lineAndColumn(in source: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for (index, scalar) in source.unicodeScalars.enumerated() {
            if index >= offset { break }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
