/// Where the sign, symbol and number go, parsed once from CLDR-style patterns (`¤#`, `# ¤`, `¤ -#`).
struct CurrencyPattern: Sendable {
    enum Part: Sendable {
        case text(String)
        case symbol
        case number
        /// A symbol ending (or starting) with a letter (`CHF`, `kr`) written right against the
        /// number gets a space, as in CLDR: `CHF 12.00`, but `CA$12.00`.
        case spaceIfSymbolIsAlphabetic(symbolFirst: Bool)
    }

    let positive: [Part]
    let negative: [Part]

    /// "29.90 €", "-29.90 €".
    static let localeFree = CurrencyPattern(positive: "# ¤", negative: "-# ¤")

    init(positive: String, negative: String) {
        self.positive = Self.parts(of: positive)
        self.negative = Self.parts(of: negative)
    }

    private static func parts(of pattern: String) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var previous: Character?
        for character in pattern {
            switch character {
            case "¤", "#":
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                if character == "#" && previous == "¤" {
                    parts.append(.spaceIfSymbolIsAlphabetic(symbolFirst: true))
                } else if character == "¤" && previous == "#" {
                    parts.append(.spaceIfSymbolIsAlphabetic(symbolFirst: false))
                }
                parts.append(character == "¤" ? .symbol : .number)
            default:
                literal.append(character)
            }
            previous = character
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return parts
    }
}
