/// The `money` and `number` filters: exact decimal rounding plus locale conventions.
enum MoneyFormatting {
    /// `money(currency, locale?)`: `29.9 | money('EUR')` → `29.90 €`; with a locale, e.g. `en` →
    /// `€29.90`, `fr` → `29,90 €`. The amount may be a number or a decimal string; it is rounded
    /// half-up to the currency's minor units. A missing or unknown locale falls back to the
    /// locale-free form; a currency that is not a three-letter code gives null.
    static func money(_ input: JSON, currency: JSON, locale: JSON, hasLocale: Bool) -> JSON {
        guard case .string(let codeText) = currency, let code = CurrencyTable.normalizedCode(codeText) else { return .null }
        let (symbol, minorUnits) = CurrencyTable.display(for: code)
        let conventions = hasLocale ? locale.stringValue.flatMap(LocaleConventions.resolve) : nil
        let pattern = conventions?.currencyPattern ?? CurrencyPattern.localeFree
        let text = withRoundedDigits(of: input, fractionDigits: minorUnits) { negative, digits in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(digits.count * 2 + symbol.utf8.count + 4)
            for part in negative ? pattern.negative : pattern.positive {
                switch part {
                case .text(let literal): bytes.append(contentsOf: literal.utf8)
                case .symbol: bytes.append(contentsOf: symbol.utf8)
                case .spaceIfSymbolIsAlphabetic(let symbolFirst):
                    let touching = symbolFirst ? symbol.unicodeScalars.last : symbol.unicodeScalars.first
                    if touching?.properties.isAlphabetic == true { bytes.append(0x20) }
                case .number: appendGrouped(digits, fractionDigits: minorUnits, conventions: conventions, to: &bytes)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return text.map(JSON.string) ?? .null
    }

    /// `number(decimals, locale?)`: fixed decimals, rounded half-up; with a locale, its decimal
    /// separator and grouping (`1234.5 | number(2, 'de')` → `1.234,50`).
    static func number(_ input: JSON, decimals: JSON, locale: JSON, hasLocale: Bool) -> JSON {
        guard let places = decimals.doubleValue, places >= 0, places <= 20, places.rounded() == places else { return .null }
        let fractionDigits = Int(places)
        let conventions = hasLocale ? locale.stringValue.flatMap(LocaleConventions.resolve) : nil
        let text = withRoundedDigits(of: input, fractionDigits: fractionDigits) { negative, digits in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(digits.count * 2 + 2)
            if negative { bytes.append(UInt8(ascii: "-")) }
            appendGrouped(digits, fractionDigits: fractionDigits, conventions: conventions, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        return text.map(JSON.string) ?? .null
    }

    /// Rounds a number or decimal string exactly and hands the sign and ASCII digits to `body`;
    /// nil when the input is not a number.
    static func withRoundedDigits<Result>(
        of input: JSON, fractionDigits: Int, _ body: (Bool, UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
        let compact: CompactDecimal?
        switch input {
        case .number(let number): compact = CompactDecimal(number)
        case .string(let text): compact = CompactDecimal(parsing: text)
        default: return nil
        }
        if let compact, let result = compact.withRoundedDigits(toFractionDigits: fractionDigits, body) {
            return result
        }
        let exact: ExactDecimal?
        switch input {
        case .number(let number): exact = ExactDecimal(number)
        case .string(let text): exact = ExactDecimal(parsing: text)
        default: exact = nil
        }
        guard let rounded = exact?.rounded(toFractionDigits: fractionDigits) else { return nil }
        return rounded.digits.withUnsafeBufferPointer { body(rounded.negative, $0) }
    }

    /// Appends ASCII `digits` (the last `fractionDigits` of them after the decimal separator) with
    /// the locale's separators, or `.` and no grouping without a locale.
    static func appendGrouped(
        _ digits: UnsafeBufferPointer<UInt8>, fractionDigits: Int, conventions: LocaleConventions?, to bytes: inout [UInt8]
    ) {
        let integerCount = digits.count - fractionDigits
        let grouping = conventions.map { integerCount >= 3 + $0.minimumGroupingDigits } ?? false
        for offset in 0..<integerCount {
            if grouping, offset > 0, (integerCount - offset) % 3 == 0, let conventions {
                bytes.append(contentsOf: conventions.groupingSeparator.utf8)
            }
            bytes.append(digits[offset])
        }
        if fractionDigits > 0 {
            if let conventions {
                bytes.append(contentsOf: conventions.decimalSeparator.utf8)
            } else {
                bytes.append(UInt8(ascii: "."))
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[integerCount...]))
        }
    }
}
