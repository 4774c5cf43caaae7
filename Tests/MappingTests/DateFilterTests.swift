import Foundation
import Mapping
import Testing

@Suite("date filter")
struct DateFilterTests {
    private func date(_ input: JSON, _ arguments: String) throws -> JSON {
        try apply("date(\(arguments))", to: input)
    }

    @Test(arguments: [
        ("2025-01-31T10:20:30Z", "2025-01-31T10:20:30Z"),
        ("2025-01-31T10:20:30.5Z", "2025-01-31T10:20:30.500Z"),
        ("2025-01-31T10:20:30.123456Z", "2025-01-31T10:20:30.123Z"),
        ("2025-01-31T10:20:30,25Z", "2025-01-31T10:20:30.250Z"),
        ("2025-01-31T10:20:30.000Z", "2025-01-31T10:20:30Z"),
        ("2025-01-31T01:20:30+02:00", "2025-01-30T23:20:30Z"),
        ("2025-01-31T23:30:00-01:30", "2025-02-01T01:00:00Z"),
        ("2025-01-31T10:20:30+0200", "2025-01-31T08:20:30Z"),
        ("2025-01-31T10:20:30+02", "2025-01-31T08:20:30Z"),
        ("2025-01-31T10:20:30", "2025-01-31T10:20:30Z"),
        ("2025-01-31 10:20:30", "2025-01-31T10:20:30Z"),
        ("2025-01-31t10:20z", "2025-01-31T10:20:00Z"),
        ("2025-01-31", "2025-01-31T00:00:00Z"),
        ("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
        ("2000-02-29", "2000-02-29T00:00:00Z"),
        ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"),
        ("2024-12-31T23:00:00-01:00", "2025-01-01T00:00:00Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
    ])
    func isoInputs(input: String, expected: String) throws {
        #expect(try date(.string(input), "'iso'") == .string(expected))
    }

    @Test(arguments: [
        "2025-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-01-32", "2025-01-00", "2025-1-5", "25-01-31",
        "2025-01-31T25:00", "2025-01-31T10:60", "2025-01-31T10:20:61", "2025-01-31T10", "2025-01-31T10:20:30.Z",
        "2025-01-31T10:20:30+24:00", "2025-01-31T10:20:30+02:60", "2025-01-31T10:20:30 Z", "2025-01-31X", "garbage", "",
        "0000-01-01", "2025-01-31T10:20:30+2",
    ])
    func invalidInputsGiveNull(input: String) throws {
        #expect(try date(.string(input), "'iso'") == .null)
    }

    @Test func epochSeconds() throws {
        #expect(try date(0, "'iso'") == "1970-01-01T00:00:00Z")
        #expect(try date(1738318830, "'iso'") == "2025-01-31T10:20:30Z")
        #expect(try date(1e9, "'iso'") == "2001-09-09T01:46:40Z")
        #expect(try date(-1, "'iso'") == "1969-12-31T23:59:59Z")
        #expect(try date(-2208988800, "'iso'") == "1900-01-01T00:00:00Z")
        #expect(try date(1.25, "'iso'") == "1970-01-01T00:00:01.250Z")
        #expect(try date(-0.5, "'iso'") == "1969-12-31T23:59:59.500Z")
        #expect(try date("1738318830", "'iso'") == "2025-01-31T10:20:30Z")
        #expect(try date(1e12, "'iso'") == .null)
        #expect(try date(1e15, "'iso'") == .null)
        #expect(try date(.number(.nan), "'iso'") == .null)
        #expect(try date(true, "'iso'") == .null)
        #expect(try date(.null, "'iso'") == .null)
        #expect(try date([1], "'iso'") == .null)
    }

    @Test func namedFormats() throws {
        let instant: JSON = "2025-01-31T10:20:30Z"
        #expect(try date(instant, "'date'") == "2025-01-31")
        #expect(try date(instant, "'short'") == "01/31/2025")
        #expect(try date(instant, "'long'") == "January 31, 2025")
    }

    @Test(arguments: [
        ("en", "01/31/2025", "January 31, 2025"), ("en-US", "01/31/2025", "January 31, 2025"),
        ("en-GB", "31/01/2025", "31 January 2025"), ("fr", "31/01/2025", "31 janvier 2025"),
        ("fr-CH", "31.01.2025", "31 janvier 2025"), ("de", "31.01.2025", "31. Januar 2025"),
        ("es", "31/01/2025", "31 de enero de 2025"), ("it", "31/01/2025", "31 gennaio 2025"),
        ("nl", "31-01-2025", "31 januari 2025"), ("pt", "31/01/2025", "31 de janeiro de 2025"),
        ("pt-PT", "31/01/2025", "31 de janeiro de 2025"),
    ])
    func localizedFormats(locale: String, short: String, long: String) throws {
        #expect(try date("2025-01-31T10:20:30Z", "'short', '\(locale)'") == .string(short))
        #expect(try date("2025-01-31T10:20:30Z", "'long', '\(locale)'") == .string(long))
    }

    @Test func monthNames() throws {
        let expected: [String: [String]] = [
            "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
            "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
            "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
            "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
            "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        ]
        for (locale, names) in expected {
            for (index, name) in names.enumerated() {
                let month = index + 1
                let input = JSON.string("2025-\(month < 10 ? "0" : "")\(month)-05")
                #expect(try date(input, "'%B', '\(locale)'") == .string(name), "\(locale) \(month)")
            }
        }
    }

    @Test func patterns() throws {
        let instant: JSON = "2025-03-05T07:08:09Z"
        #expect(try date(instant, "'%Y/%m/%d %H:%M:%S'") == "2025/03/05 07:08:09")
        #expect(try date(instant, "'[%e]'") == "[ 5]")
        #expect(try date("2025-03-15", "'[%e]'") == "[15]")
        #expect(try date(instant, "'%-d/%-m %-H:%-M:%-S'") == "5/3 7:8:9")
        #expect(try date(instant, "'%b %y'") == "Mar 25")
        #expect(try date(instant, "'%d %b', 'fr'") == "05 mars")
        #expect(try date("2025-02-01", "'%d %b %B', 'fr'") == "01 févr. février")
        #expect(try date(instant, "'100%% at %H'") == "100% at 07")
        #expect(try date(instant, "'%q %-q %'") == "%q %-q %")
        #expect(try date(instant, "'%-'") == "%-")
        #expect(try date("0042-01-01", "'%Y %y'") == "0042 42")
    }

    @Test func localeFallbacks() throws {
        #expect(try apply("date('long', params.locale)", to: "2025-01-31", params: ["locale": "fr-BE"]) == "31 janvier 2025")
        #expect(try apply("date('long', params.locale)", to: "2025-01-31", params: ["locale": "zz"]) == "January 31, 2025")
        #expect(try apply("date('long', params.locale)", to: "2025-01-31", params: [:]) == "January 31, 2025")
        #expect(try apply("date(params.format)", to: "2025-01-31", params: [:]) == .null)
        #expect(try apply("date(params.format)", to: "2025-01-31", params: ["format": "medium"]) == "medium")
    }

    @Test func agreesWithFoundationOnRandomInstants() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SeededGenerator(seed: 2025)
        let expression = try compiler.compile("item | date('%Y-%m-%d %H:%M:%S')")
        let back = try compiler.compile("item | date('%Y-%m-%dT%H:%M:%SZ') | date('iso')")
        for _ in 0..<3000 {
            let seconds = Int.random(in: -12_000_000_000...200_000_000_000, using: &generator)  // after the 1582 Julian cutover Foundation applies
            let components = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            let expected = String(
                format: "%04d-%02d-%02d %02d:%02d:%02d",
                components.year ?? 0, components.month ?? 0, components.day ?? 0,
                components.hour ?? 0, components.minute ?? 0, components.second ?? 0)
            #expect(expression.evaluate([.number(Double(seconds))]) == .string(expected), "\(seconds)")
            #expect(try #require(back.evaluate([.number(Double(seconds))]).stringValue).hasSuffix("Z"))
        }
    }

    @Test func isoTextAndEpochAgree() throws {
        var generator = SeededGenerator(seed: 8)
        let toISO = try compiler.compile("item | date('iso')")
        for _ in 0..<1000 {
            let seconds = Int.random(in: -62_135_596_800...253_402_300_799, using: &generator)
            let iso = toISO.evaluate([.number(Double(seconds))])
            #expect(toISO.evaluate([iso]) == iso)
        }
    }
}
