/// Number, currency and date conventions of the locales `money`, `number` and `date` support.
///
/// Our own small table (no ICU/DateFormatter data), so output is identical on every platform.
/// Separators use plain spaces where CLDR uses (narrow) no-break spaces, which keeps the text
/// predictable for the Desk and for tests.
final class LocaleConventions: Sendable {
    let identifier: String
    let decimalSeparator: String
    let groupingSeparator: String
    /// 2 when a four-digit integer part stays ungrouped (es "1234,50", but "12.345,50").
    let minimumGroupingDigits: Int
    /// Where sign, symbol and number go (CLDR-style: `#` the number, `¤` the currency symbol).
    let currencyPattern: CurrencyPattern
    /// strftime-like patterns (see `DateFormatting`) for the `short` and `long` date formats.
    let shortDatePattern: String
    let longDatePattern: String
    let monthNames: [String]
    let monthAbbreviations: [String]

    init(
        identifier: String, decimalSeparator: String, groupingSeparator: String, minimumGroupingDigits: Int,
        currencyPattern: CurrencyPattern, shortDatePattern: String, longDatePattern: String,
        monthNames: [String], monthAbbreviations: [String]
    ) {
        self.identifier = identifier
        self.decimalSeparator = decimalSeparator
        self.groupingSeparator = groupingSeparator
        self.minimumGroupingDigits = minimumGroupingDigits
        self.currencyPattern = currencyPattern
        self.shortDatePattern = shortDatePattern
        self.longDatePattern = longDatePattern
        self.monthNames = monthNames
        self.monthAbbreviations = monthAbbreviations
    }

    /// Finds conventions for a BCP 47-ish tag: `fr`, `fr-FR`, `fr_BE`, `EN-us`. Exact tag first,
    /// then its language.
    static func resolve(_ tag: String) -> LocaleConventions? {
        if let exact = byIdentifier[tag] { return exact }  // already normalized, the usual case
        let normalized = tag.lowercased().replacingUnderscores()
        if let exact = byIdentifier[normalized] { return exact }
        guard let language = normalized.split(separator: "-").first else { return nil }
        return byIdentifier[String(language)]
    }

    static var supportedIdentifiers: [String] { all.map(\.identifier) }

    private static let english = (
        names: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        abbreviations: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    )
    private static let french = (
        names: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        abbreviations: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
    )
    private static let german = (
        names: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        abbreviations: ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]
    )
    private static let spanish = (
        names: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        abbreviations: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]
    )
    private static let italian = (
        names: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        abbreviations: ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]
    )
    private static let dutch = (
        names: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        abbreviations: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    )
    private static let portuguese = (
        names: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        abbreviations: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]
    )

    static let all: [LocaleConventions] = [
        LocaleConventions(
            identifier: "en", decimalSeparator: ".", groupingSeparator: ",", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "¤#", negative: "-¤#"),
            shortDatePattern: "%m/%d/%Y", longDatePattern: "%B %-d, %Y",
            monthNames: english.names, monthAbbreviations: english.abbreviations),
        LocaleConventions(
            identifier: "en-gb", decimalSeparator: ".", groupingSeparator: ",", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "¤#", negative: "-¤#"),
            shortDatePattern: "%d/%m/%Y", longDatePattern: "%-d %B %Y",
            monthNames: english.names, monthAbbreviations: english.abbreviations),
        LocaleConventions(
            identifier: "fr", decimalSeparator: ",", groupingSeparator: " ", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "# ¤", negative: "-# ¤"),
            shortDatePattern: "%d/%m/%Y", longDatePattern: "%-d %B %Y",
            monthNames: french.names, monthAbbreviations: french.abbreviations),
        LocaleConventions(
            identifier: "fr-ch", decimalSeparator: ",", groupingSeparator: " ", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "# ¤", negative: "-# ¤"),
            shortDatePattern: "%d.%m.%Y", longDatePattern: "%-d %B %Y",
            monthNames: french.names, monthAbbreviations: french.abbreviations),
        LocaleConventions(
            identifier: "de", decimalSeparator: ",", groupingSeparator: ".", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "# ¤", negative: "-# ¤"),
            shortDatePattern: "%d.%m.%Y", longDatePattern: "%-d. %B %Y",
            monthNames: german.names, monthAbbreviations: german.abbreviations),
        LocaleConventions(
            identifier: "de-ch", decimalSeparator: ".", groupingSeparator: "’", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "¤ #", negative: "¤-#"),
            shortDatePattern: "%d.%m.%Y", longDatePattern: "%-d. %B %Y",
            monthNames: german.names, monthAbbreviations: german.abbreviations),
        LocaleConventions(
            identifier: "es", decimalSeparator: ",", groupingSeparator: ".", minimumGroupingDigits: 2,
            currencyPattern: CurrencyPattern(positive: "# ¤", negative: "-# ¤"),
            shortDatePattern: "%d/%m/%Y", longDatePattern: "%-d de %B de %Y",
            monthNames: spanish.names, monthAbbreviations: spanish.abbreviations),
        LocaleConventions(
            identifier: "it", decimalSeparator: ",", groupingSeparator: ".", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "# ¤", negative: "-# ¤"),
            shortDatePattern: "%d/%m/%Y", longDatePattern: "%-d %B %Y",
            monthNames: italian.names, monthAbbreviations: italian.abbreviations),
        LocaleConventions(
            identifier: "nl", decimalSeparator: ",", groupingSeparator: ".", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "¤ #", negative: "¤ -#"),
            shortDatePattern: "%d-%m-%Y", longDatePattern: "%-d %B %Y",
            monthNames: dutch.names, monthAbbreviations: dutch.abbreviations),
        LocaleConventions(
            identifier: "pt", decimalSeparator: ",", groupingSeparator: ".", minimumGroupingDigits: 1,
            currencyPattern: CurrencyPattern(positive: "¤ #", negative: "-¤ #"),
            shortDatePattern: "%d/%m/%Y", longDatePattern: "%-d de %B de %Y",
            monthNames: portuguese.names, monthAbbreviations: portuguese.abbreviations),
        LocaleConventions(
            identifier: "pt-pt", decimalSeparator: ",", groupingSeparator: " ", minimumGroupingDigits: 2,
            currencyPattern: CurrencyPattern(positive: "# ¤", negative: "-# ¤"),
            shortDatePattern: "%d/%m/%Y", longDatePattern: "%-d de %B de %Y",
            monthNames: portuguese.names, monthAbbreviations: portuguese.abbreviations),
    ]

    /// Tags that mean the same conventions as another entry.
    private static let aliases: [String: String] = ["en-us": "en", "pt-br": "pt"]

    private static let byIdentifier: [String: LocaleConventions] = {
        var table: [String: LocaleConventions] = [:]
        for conventions in all { table[conventions.identifier] = conventions }
        for (alias, target) in aliases { table[alias] = table[target] }
        return table
    }()
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
