import Foundation

/// Command-line options: `--fixtures DIR --adapters DIR [--rounds N] [--round-ms N] [--warmup-ms N] [--output FILE]`.
struct Options: Sendable {
    var fixtures = ""
    var adapters = ""
    var output: String?
    var settings = HarnessSettings(rounds: 7, roundDuration: .milliseconds(200), warmUp: .milliseconds(200))

    enum Problem: Error, CustomStringConvertible {
        case missingValue(String)
        case notANumber(option: String, value: String)
        case unknown(String)
        case required(String)

        var description: String {
            switch self {
            case .missingValue(let option): "\(option) needs a value"
            case .notANumber(let option, let value): "\(option) takes a positive whole number, not '\(value)'"
            case .unknown(let option): "unknown option '\(option)'"
            case .required(let option): "\(option) is required"
            }
        }
    }

    static func parse(_ arguments: [String]) throws(Problem) -> Options {
        var options = Options()
        var remaining = arguments.dropFirst().makeIterator()
        while let option = remaining.next() {
            guard let value = remaining.next() else { throw .missingValue(option) }
            switch option {
            case "--fixtures": options.fixtures = value
            case "--adapters": options.adapters = value
            case "--output": options.output = value
            case "--rounds": options.settings.rounds = try number(value, option)
            case "--round-ms": options.settings.roundDuration = .milliseconds(try number(value, option))
            case "--warmup-ms": options.settings.warmUp = .milliseconds(try number(value, option))
            default: throw .unknown(option)
            }
        }
        if options.fixtures.isEmpty { throw .required("--fixtures") }
        if options.adapters.isEmpty { throw .required("--adapters") }
        return options
    }

    private static func number(_ text: String, _ option: String) throws(Problem) -> Int {
        guard let value = Int(text), value > 0 else { throw .notANumber(option: option, value: text) }
        return value
    }
}
