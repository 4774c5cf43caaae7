import Mapping
import Testing

/// The variables adapter expressions see in these tests, in slot order.
let testVariables = ["item", "shop", "params"]
let compiler = ExpressionCompiler(variables: testVariables)

/// Compiles and evaluates `source` with the given variable values.
func evaluate(_ source: String, item: JSON = .null, shop: JSON = .null, params: JSON = .null) throws -> JSON {
    try compiler.compile(source).evaluate([item, shop, params])
}

/// Evaluates `input | <filter>` with the input passed through a variable (so nothing is folded at
/// compile time and the runtime path is exercised).
func apply(_ filter: String, to input: JSON, params: JSON = .null) throws -> JSON {
    try compiler.compile("item | \(filter)").evaluate([input, .null, params])
}

/// The error compiling `source` throws, or nil when it compiles.
func compileError(_ source: String, variables: [String] = testVariables) -> ExpressionError? {
    do {
        _ = try ExpressionCompiler(variables: variables).compile(source)
        return nil
    } catch {
        return error
    }
}

/// A deterministic random generator (SplitMix64) so property-style tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random JSON value of bounded depth, for round-trip and robustness tests.
func randomJSON(depth: Int = 0, using generator: inout SeededGenerator) -> JSON {
    let choice = Int.random(in: 0..<(depth >= 4 ? 5 : 7), using: &generator)
    switch choice {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2:
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)))
        case 1: return .number(Double.random(in: -1e6...1e6, using: &generator))
        case 2: return .number(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random(using: &generator) ? 1 : -1))
        default: return .number(Double.random(in: -1...1, using: &generator) * 1e-300)
        }
    case 3, 4:
        let alphabet: [String] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "é", "😀", "\u{2028}", "\u{2029}", "中", "\u{7F}", "\u{FFFD}",
            "e\u{301}", "{", "}",
        ]
        let length = Int.random(in: 0..<12, using: &generator)
        return .string((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined())
    case 5:
        let count = Int.random(in: 0..<5, using: &generator)
        return .array((0..<count).map { _ in randomJSON(depth: depth + 1, using: &generator) })
    default:
        let count = Int.random(in: 0..<5, using: &generator)
        var object = JSONObject()
        for index in 0..<count {
            object.append(key: "k\(index)\(Bool.random(using: &generator) ? "é" : "")", value: randomJSON(depth: depth + 1, using: &generator))
        }
        return .object(object)
    }
}
