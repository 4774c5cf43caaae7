/// Currency symbols and minor units (ISO 4217 exponent) for `money`.
enum CurrencyTable {
    struct Currency: Sendable {
        /// Symbol shown next to amounts; nil means the ISO code is shown instead.
        let symbol: String?
        /// Digits after the decimal point.
        let minorUnits: Int
    }

    static let known: [String: Currency] = [
        "EUR": Currency(symbol: "€", minorUnits: 2),
        "USD": Currency(symbol: "$", minorUnits: 2),
        "GBP": Currency(symbol: "£", minorUnits: 2),
        "JPY": Currency(symbol: "¥", minorUnits: 0),
        "CAD": Currency(symbol: "CA$", minorUnits: 2),
        "AUD": Currency(symbol: "A$", minorUnits: 2),
        "NZD": Currency(symbol: "NZ$", minorUnits: 2),
        "HKD": Currency(symbol: "HK$", minorUnits: 2),
        "MXN": Currency(symbol: "MX$", minorUnits: 2),
        "BRL": Currency(symbol: "R$", minorUnits: 2),
        "CHF": Currency(symbol: nil, minorUnits: 2),
        "SEK": Currency(symbol: "kr", minorUnits: 2),
        "DKK": Currency(symbol: "kr", minorUnits: 2),
        "NOK": Currency(symbol: "kr", minorUnits: 2),
        "PLN": Currency(symbol: "zł", minorUnits: 2),
        "CZK": Currency(symbol: "Kč", minorUnits: 2),
        "INR": Currency(symbol: "₹", minorUnits: 2),
        "CNY": Currency(symbol: "CN¥", minorUnits: 2),
        "KRW": Currency(symbol: "₩", minorUnits: 0),
        "ILS": Currency(symbol: "₪", minorUnits: 2),
        "VND": Currency(symbol: "₫", minorUnits: 0),
        "CLP": Currency(symbol: nil, minorUnits: 0),
        "ISK": Currency(symbol: nil, minorUnits: 0),
        "KWD": Currency(symbol: nil, minorUnits: 3),
        "BHD": Currency(symbol: nil, minorUnits: 3),
        "OMR": Currency(symbol: nil, minorUnits: 3),
        "JOD": Currency(symbol: nil, minorUnits: 3),
        "TND": Currency(symbol: nil, minorUnits: 3),
    ]

    /// The upper-case code when `code` is three ASCII letters (`"eur"` → `"EUR"`).
    static func normalizedCode(_ code: String) -> String? {
        let utf8 = code.utf8
        guard utf8.count == 3 else { return nil }
        var alreadyUpper = true
        for byte in utf8 {
            guard (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") else { return nil }
            if byte >= UInt8(ascii: "a") { alreadyUpper = false }
        }
        if alreadyUpper { return code }
        return String(decoding: utf8.map { $0 & ~0x20 }, as: UTF8.self)
    }

    /// What to show and how many decimals, for a normalized code (unknown codes: the code, 2 decimals).
    static func display(for code: String) -> (symbol: String, minorUnits: Int) {
        guard let currency = known[code] else { return (code, 2) }
        return (currency.symbol ?? code, currency.minorUnits)
    }
}
