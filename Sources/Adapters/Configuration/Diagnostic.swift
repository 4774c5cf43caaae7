/// A place in a configuration file, as editors and compilers print it: `file:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var file: String
    /// 1-based.
    public var line: Int
    /// 1-based, counted in Unicode scalars.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found while loading configuration, with where it is and, when we can guess, how to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    public var hint: String?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message (hint)`.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}

/// Collects every problem of a load, so that one run reports all of them rather than the first.
public final class Diagnostics {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    public func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        all.append(Diagnostic(.error, at: location, message, hint: hint))
    }

    public func warning(_ message: String, at location: SourceLocation, hint: String? = nil) {
        all.append(Diagnostic(.warning, at: location, message, hint: hint))
    }

    public func append(contentsOf diagnostics: [Diagnostic]) {
        all.append(contentsOf: diagnostics)
    }
}

/// Configuration that cannot be used, with every error found.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
    }
}
