/// Why a plugin call's parameters were refused; the server answers 400 with this message.
///
/// Messages name the parameter and the accepted range, and never echo the offending value back, so
/// that nothing a caller sends (a token pasted by mistake, say) ends up in a response or a log.
public enum ParameterError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(parameter: String)
    case notAnInteger(parameter: String, range: ClosedRange<Int>)
    case outOfRange(parameter: String, range: ClosedRange<Int>)
    case tooLong(parameter: String, maxCharacters: Int)
    case invalidCharacters(parameter: String, expected: String)
    case invalidEncoding(parameter: String)
    case duplicated(parameter: String)
    case malformedQuery(String)

    /// The parameter concerned, when there is one.
    package var parameter: String? {
        switch self {
        case .missing(let name), .notAnInteger(let name, _), .outOfRange(let name, _), .tooLong(let name, _),
            .invalidCharacters(let name, _), .invalidEncoding(let name), .duplicated(let name):
            name
        case .malformedQuery:
            nil
        }
    }

    public var description: String {
        switch self {
        case .missing(let name):
            "parameter '\(name)' is required"
        case .notAnInteger(let name, let range), .outOfRange(let name, let range):
            "parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)"
        case .tooLong(let name, let max):
            "parameter '\(name)' must be at most \(max) characters long"
        case .invalidCharacters(let name, let expected):
            "parameter '\(name)' must be \(expected)"
        case .invalidEncoding(let name):
            "parameter '\(name)' is not valid percent-encoded UTF-8"
        case .duplicated(let name):
            "parameter '\(name)' is given more than once"
        case .malformedQuery(let reason):
            "malformed query string: \(reason)"
        }
    }
}
