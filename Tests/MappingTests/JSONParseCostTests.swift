import Testing

@testable import Mapping

/// The cost a `ParseBudget` is asked for before a parse: at least what the parsed tree holds (its
/// heap footprint) plus the text, whatever the document's shape, and not wildly more.
@Suite struct JSONParseCostTests {
    /// 64 KiB documents: the ratios do not depend on size, and a debug build parsing megabytes
    /// synchronously would hold one of the concurrency pool's two threads for seconds, stalling
    /// the rest of the suite's deadlines.
    static let size = 1 << 16

    /// `[` + `unit` repeated to about `bytes` + `]`.
    static func list(of unit: String, bytes: Int) -> [UInt8] {
        var text = "["
        text.reserveCapacity(bytes + unit.utf8.count)
        while text.utf8.count + unit.utf8.count < bytes { text += unit + "," }
        text += unit + "]"
        return Array(text.utf8)
    }

    static func check(_ text: [UInt8], within ceiling: Double = 2.5, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parsed = try JSON(parsing: text)
        let held = parsed.heapFootprint + text.count
        let cost = JSON.parsingCost(of: text)
        #expect(cost >= held, "cost \(cost) B under the \(held) B held", sourceLocation: sourceLocation)
        #expect(Double(cost) <= Double(held) * ceiling, "cost \(cost) B for \(held) B held", sourceLocation: sourceLocation)
    }

    @Test func nestingHeavyDocumentsCostWhatTheyTake() throws {
        let nested = Self.list(of: "[0]", bytes: Self.size)
        try Self.check(nested)
        // The issue's shape: over twenty bytes of tree per byte of text.
        #expect(JSON.parsingCost(of: nested) > 20 * nested.count)
        try Self.check(Self.list(of: "[[[[0]]]]", bytes: Self.size))
        try Self.check(Self.list(of: "{}", bytes: Self.size))
        try Self.check(Self.list(of: "[]", bytes: Self.size))
    }

    @Test func flatAndStringDocumentsToo() throws {
        // A long flat list: its storage doubles as it grows, and its last growth holds both copies.
        try Self.check(Self.list(of: "0", bytes: Self.size), within: 3.5)
        try Self.check(Self.list(of: "true", bytes: Self.size), within: 3.5)
        try Self.check(Self.list(of: #""a string longer than fifteen bytes""#, bytes: Self.size))
        try Self.check(Self.list(of: #""\u00e9t\u00e9 \"quoted\" \\ and more text""#, bytes: Self.size))
        // Objects wide enough to keep a key index.
        let wide = "{" + (0..<60).map { #""key number \#($0)":\#($0)"# }.joined(separator: ",") + "}"
        try Self.check(Self.list(of: wide, bytes: Self.size))
        try Self.check(Array(#""just one string that is long enough to be stored""#.utf8))
        try Self.check(Array("12.5".utf8))
    }

    @Test func randomDocumentsNeverCostLessThanTheyHold() throws {
        var generator = SeededGenerator(seed: 0x5EED_B0D6)
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 0, using: &generator)
            try Self.check(Array(value.jsonText.utf8), within: 6)
        }
    }

    @Test func malformedAndTruncatedTextIsCostedAsFarAsItGoes() {
        let nested = Self.list(of: "[0]", bytes: 1 << 16)
        let truncated = Array(nested.prefix(nested.count / 2))
        #expect(JSON.parsingCost(of: truncated) > 10 * truncated.count)
        // Nesting beyond the parser's limit is refused there: the scan stops too, without a stack
        // as deep as the text.
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 1 << 20)
        #expect(JSON.parsingCost(of: deep) < 2 * deep.count)
        #expect(JSON.parsingCost(of: Array(#""unterminated"#.utf8)) >= 13)
        #expect(JSON.parsingCost(of: [UInt8]()) == 0)
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSON {
        let choice = depth > 5 ? Int.random(in: 0..<4, using: &generator) : Int.random(in: 0..<7, using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100)
        case 3:
            let length = Int.random(in: 0..<40, using: &generator)
            return .string(String((0..<length).map { _ in "aé\"\\\n€😀 z".randomElement(using: &generator)! }))
        case 4, 5:
            let count = Int.random(in: 0..<(depth == 0 ? 80 : 12), using: &generator)
            return .array((0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            let count = Int.random(in: 0..<(depth == 0 ? 60 : 10), using: &generator)
            return .object(
                JSONObject(
                    (0..<count).map {
                        (key: "k\($0)\(String(repeating: "x", count: $0 % 20))", value: randomValue(depth: depth + 1, using: &generator))
                    }))
        }
    }
}
