import Mapping
import Testing

@Suite("money and number filters")
struct MoneyFilterTests {
    private func money(_ amount: JSON, _ arguments: String) throws -> JSON {
        try apply("money(\(arguments))", to: amount)
    }

    @Test(
        arguments: [
            (JSON.number(29.9), "29.90 €"), (.string("29.90"), "29.90 €"), (.string("29.9"), "29.90 €"), (.string("0.0"), "0.00 €"),
            (.number(1234.5), "1234.50 €"), (.number(0), "0.00 €"), (.number(7), "7.00 €"), (.string("  12.5 "), "12.50 €"),
            (.string("+3"), "3.00 €"), (.string(".5"), "0.50 €"), (.string("5."), "5.00 €"), (.string("1e3"), "1000.00 €"),
            (.string("1.5E-1"), "0.15 €"), (.number(1e21), "1000000000000000000000.00 €"),
            (.string("12345678901234567890.129"), "12345678901234567890.13 €"),
            (.string("000012.30"), "12.30 €"), (.number(-5.5), "-5.50 €"), (.string("-0.5"), "-0.50 €"),
        ] as [(JSON, String)])
    func formatsAmountsWithoutALocale(amount: JSON, expected: String) throws {
        #expect(try money(amount, "'EUR'") == .string(expected))
    }

    @Test(arguments: [
        ("0.005", "0.01 €"), ("0.004999", "0.00 €"), ("1.005", "1.01 €"), ("2.675", "2.68 €"), ("9.995", "10.00 €"),
        ("-0.005", "-0.01 €"), ("-0.001", "0.00 €"), ("-0.004", "0.00 €"), ("0.0000000000000000000000001", "0.00 €"),
        ("0.1", "0.10 €"), ("99999999999999999.995", "100000000000000000.00 €"), ("0.0049999999999999999999", "0.00 €"),
    ])
    func roundsDecimalStringsExactlyHalfUp(amount: String, expected: String) throws {
        #expect(try money(.string(amount), "'EUR'") == .string(expected))
    }

    @Test func roundsNumbersByTheirShortestText() throws {
        #expect(try money(0.005, "'EUR'") == "0.01 €")
        #expect(try money(1.005, "'EUR'") == "1.01 €")
        #expect(try money(2.675, "'EUR'") == "2.68 €")
        #expect(try money(.number(0.1 + 0.2), "'EUR'") == "0.30 €")
        #expect(try money(1e-7, "'EUR'") == "0.00 €")
    }

    @Test func minorUnitsFollowTheCurrency() throws {
        #expect(try money("1234.5", "'JPY'") == "1235 ¥")
        #expect(try money("1234.4", "'JPY'") == "1234 ¥")
        #expect(try money(1234.5, "'JPY', 'en'") == "¥1,235")
        #expect(try money("1000", "'KRW'") == "1000 ₩")
        #expect(try money("1.2345", "'KWD'") == "1.235 KWD")
        #expect(try money("1.2344", "'BHD'") == "1.234 BHD")
        #expect(try money("10", "'USD'") == "10.00 $")
    }

    @Test(arguments: [
        ("en", "€1,234.50"), ("en-US", "€1,234.50"), ("en-GB", "€1,234.50"), ("fr", "1 234,50 €"), ("fr-FR", "1 234,50 €"),
        ("fr_BE", "1 234,50 €"), ("de", "1.234,50 €"), ("de-DE", "1.234,50 €"), ("de-CH", "€ 1’234.50"), ("es", "1234,50 €"),
        ("it", "1.234,50 €"), ("nl", "€ 1.234,50"), ("pt", "€ 1.234,50"), ("pt-BR", "€ 1.234,50"), ("pt-PT", "1234,50 €"),
        ("EN-us", "€1,234.50"),
    ])
    func localeConventions(locale: String, expected: String) throws {
        #expect(try money(1234.5, "'EUR', '\(locale)'") == .string(expected))
    }

    @Test func localeSpecificExamples() throws {
        #expect(try money("29.90", "'EUR', 'en'") == "€29.90")
        #expect(try money(1234.5, "'USD', 'en'") == "$1,234.50")
        #expect(try money(1234.5, "'USD', 'en-US'") == "$1,234.50")
        #expect(try money(1234.5, "'GBP', 'en-GB'") == "£1,234.50")
        #expect(try money("1234567.891", "'EUR', 'fr'") == "1 234 567,89 €")
        #expect(try money(12345.5, "'EUR', 'es'") == "12.345,50 €")
        #expect(try money(12345.5, "'EUR', 'pt-PT'") == "12 345,50 €")
        #expect(try money(999.995, "'USD', 'en'") == "$1,000.00")
        #expect(try money(123, "'EUR', 'de'") == "123,00 €")
        #expect(try money(1234.5, "'BRL', 'pt'") == "R$ 1.234,50")
        #expect(try money(12, "'CAD', 'en'") == "CA$12.00")
        #expect(try money(12, "'AUD', 'en'") == "A$12.00")
        #expect(try money(12, "'MXN', 'en'") == "MX$12.00")
    }

    @Test func negativeAmountsInLocales() throws {
        #expect(try money(-5.5, "'EUR', 'en'") == "-€5.50")
        #expect(try money(-1234.5, "'EUR', 'fr'") == "-1 234,50 €")
        #expect(try money(-5.5, "'EUR', 'nl'") == "€ -5,50")
        #expect(try money(-5.5, "'CHF', 'de-CH'") == "CHF-5.50")
        #expect(try money(-5.5, "'BRL', 'pt'") == "-R$ 5,50")
        #expect(try money("-0.001", "'EUR', 'en'") == "€0.00")
    }

    @Test func symbolsAndCodes() throws {
        let expectations: [(String, String)] = [
            ("EUR", "1.00 €"), ("USD", "1.00 $"), ("GBP", "1.00 £"), ("JPY", "1 ¥"), ("CAD", "1.00 CA$"), ("AUD", "1.00 A$"),
            ("CHF", "1.00 CHF"), ("SEK", "1.00 kr"), ("DKK", "1.00 kr"), ("NOK", "1.00 kr"), ("PLN", "1.00 zł"),
            ("BRL", "1.00 R$"), ("INR", "1.00 ₹"), ("CNY", "1.00 CN¥"), ("KRW", "1 ₩"), ("MXN", "1.00 MX$"), ("XYZ", "1.00 XYZ"),
        ]
        for (code, expected) in expectations {
            #expect(try money(1, "'\(code)'") == .string(expected), "\(code)")
        }
        #expect(try money(1, "'eur'") == "1.00 €")
        #expect(try money(1, "'Usd'") == "1.00 $")
        #expect(try money(12, "'CHF', 'en'") == "CHF 12.00")
        #expect(try money(12, "'SEK', 'en'") == "kr 12.00")
        #expect(try money(1234.5, "'CHF', 'de-CH'") == "CHF 1’234.50")
        #expect(try money(12, "'XYZ', 'en'") == "XYZ 12.00")
        #expect(try money(12, "'CHF', 'fr'") == "12,00 CHF")
    }

    @Test func currencyAndLocaleCanComeFromData() throws {
        let expression = try compiler.compile("item | money(shop.currency, shop.locale)")
        #expect(expression.evaluate(["9.5", ["currency": "usd", "locale": "en"]]) == "$9.50")
        #expect(expression.evaluate(["9.5", ["currency": "EUR", "locale": "xx-YY"]]) == "9.50 €")
        #expect(expression.evaluate(["9.5", ["currency": "EUR"]]) == "9.50 €")
        #expect(expression.evaluate(["9.5", ["currency": "EUR", "locale": 3]]) == "9.50 €")
        #expect(expression.evaluate(["9.5", ["currency": "EURO", "locale": "en"]]) == .null)
        #expect(expression.evaluate(["9.5", ["currency": nil, "locale": "en"]]) == .null)
        #expect(expression.evaluate(["9.5", ["currency": 978, "locale": "en"]]) == .null)
        #expect(expression.evaluate(["9.5", .null]) == .null)
    }

    @Test(
        arguments: [JSON.null, "", "abc", "12abc", "1.2.3", "--1", "1e", "e5", "0x10", "NaN", "Infinity", "1e999", true, [1], ["a": 1], "١٢٣"]
            as [JSON])
    func nonAmountsGiveNull(amount: JSON) throws {
        #expect(try money(amount, "'EUR'") == .null)
        #expect(try money(amount, "'EUR', 'fr'") == .null)
        #expect(try apply("number(2)", to: amount) == .null)
    }

    @Test func nonFiniteNumbersGiveNull() throws {
        #expect(try money(.number(.infinity), "'EUR'") == .null)
        #expect(try money(.number(.nan), "'EUR'") == .null)
    }

    @Test func numberFilter() throws {
        #expect(try apply("number(2)", to: 1234.5) == "1234.50")
        #expect(try apply("number(0)", to: 1234.5) == "1235")
        #expect(try apply("number(0)", to: -0.4) == "0")
        #expect(try apply("number(2, 'de')", to: 1234.5) == "1.234,50")
        #expect(try apply("number(1, 'fr')", to: 1234.56) == "1 234,6")
        #expect(try apply("number(2, 'en')", to: 1234567.891) == "1,234,567.89")
        #expect(try apply("number(3)", to: "-3.14159") == "-3.142")
        #expect(try apply("number(2)", to: "0.125") == "0.13")
        #expect(try apply("number(4)", to: "2.5") == "2.5000")
        #expect(try apply("number(20)", to: "1") == "1.00000000000000000000")
        #expect(try apply("number(20)", to: 123456789) == "123456789.00000000000000000000")
        #expect(try apply("number(2, 'es')", to: 1234) == "1234,00")
        #expect(try apply("number(params.d)", to: 1.5, params: ["d": 1]) == "1.5")
        #expect(try apply("number(params.d)", to: 1.5, params: ["d": -1]) == .null)
        #expect(try apply("number(params.d)", to: 1.5, params: ["d": 1.5]) == .null)
        #expect(try apply("number(params.d)", to: 1.5, params: ["d": "2"]) == .null)
    }

    @Test func numberAndMoneyAgreeWithAReferenceOnRandomDecimals() throws {
        var generator = SeededGenerator(seed: 99)
        let expression = try compiler.compile("item | number(2)")
        for _ in 0..<2000 {
            // A random amount with up to 6 decimals, rounded by integer arithmetic as reference.
            let micros = Int.random(in: -999_999_999_999...999_999_999_999, using: &generator)
            let magnitude = micros.magnitude
            let whole = magnitude / 1_000_000
            let fraction = magnitude % 1_000_000
            var fractionText = String(fraction)
            fractionText = String(repeating: "0", count: 6 - fractionText.count) + fractionText
            let text = (micros < 0 ? "-" : "") + "\(whole).\(fractionText)"
            var cents = magnitude / 10_000
            if magnitude % 10_000 >= 5_000 { cents += 1 }
            let centsText = String(cents % 100)
            let expectedDigits = "\(cents / 100)." + (centsText.count == 1 ? "0" + centsText : centsText)
            let expected = (micros < 0 && cents != 0 ? "-" : "") + expectedDigits
            #expect(expression.evaluate([.string(text)]) == .string(expected), "\(text)")
        }
    }
}
