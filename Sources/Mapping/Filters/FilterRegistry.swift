/// Every filter the expression language knows: adding a filter is adding one entry here.
enum FilterRegistry {
    static let all: [FilterDefinition] = [
        // Formatting
        FilterDefinition(
            "money", "Formats an amount (number or decimal string) with a currency, optionally in a locale's conventions.",
            parameters: [FilterParameter("currency", .currencyCode), FilterParameter("locale", .locale)], required: 1, input: .number,
            output: .kind(.text(canBeNumber: false))
        ) { input, arguments in
            MoneyFormatting.money(input, currency: arguments[0], locale: arguments[1], hasLocale: arguments.has(1))
        },
        FilterDefinition(
            "number", "Formats a number with fixed decimals, optionally with a locale's separators and grouping.",
            parameters: [FilterParameter("decimals", .wholeNumber(0...20)), FilterParameter("locale", .locale)], required: 1, input: .number,
            output: .text
        ) { input, arguments in
            MoneyFormatting.number(input, decimals: arguments[0], locale: arguments[1], hasLocale: arguments.has(1))
        },
        FilterDefinition(
            "date", "Formats an ISO 8601 date or epoch seconds in UTC: iso, date, short, long or a %-pattern.",
            parameters: [FilterParameter("format", .dateFormat), FilterParameter("locale", .locale)], required: 1, output: .text
        ) { input, arguments in
            DateFormatting.date(input, format: arguments[0], locale: arguments[1], hasLocale: arguments.has(1))
        },

        // Text
        FilterDefinition(
            "strip_html", "Turns HTML into plain text: drops tags, comments, scripts and styles, decodes entities, collapses whitespace.",
            input: .text, output: .text
        ) { input, _ in
            guard case .string(let html) = input else { return .null }
            return .string(HTMLText.plainText(fromHTML: html))
        },
        FilterDefinition(
            "truncate", "Shortens a string to at most `length` Unicode scalars including the ellipsis (default …), preferring a word boundary.",
            parameters: [FilterParameter("length", .wholeNumber(0...1_000_000)), FilterParameter("ellipsis", .string)], required: 1, input: .text,
            output: .text
        ) { input, arguments in
            TextFilters.truncate(input, length: arguments[0], ellipsis: arguments.has(1) ? arguments[1] : .string("…"))
        },
        FilterDefinition("lower", "The string in lower case.", input: .text, output: .text) { input, _ in
            TextFilters.mapString(input) { $0.lowercased() }
        },
        FilterDefinition("upper", "The string in upper case.", input: .text, output: .text) { input, _ in
            TextFilters.mapString(input) { $0.uppercased() }
        },
        FilterDefinition("capitalize", "The string with its first character in upper case (the rest unchanged).", input: .text, output: .text) {
            input, _ in
            TextFilters.mapString(input, TextFilters.capitalize)
        },
        FilterDefinition("trim", "The string without leading and trailing whitespace.", input: .text, output: .text) { input, _ in
            TextFilters.mapString(input, TextFilters.trim)
        },
        FilterDefinition(
            "replace", "Replaces every occurrence of `find` (literal text) with `with`.",
            parameters: [FilterParameter("find", .string), FilterParameter("with", .string)], input: .text, output: .text
        ) { input, arguments in
            TextFilters.replace(input, find: arguments[0], with: arguments[1])
        },
        FilterDefinition(
            "split", "Splits a string on a separator into an array of strings (an empty separator splits into characters).",
            parameters: [FilterParameter("separator", .string)], input: .text, output: .kind(.list)
        ) { input, arguments in
            TextFilters.split(input, separator: arguments[0])
        },

        // Identifiers and encodings
        FilterDefinition(
            "gid", "The plain id of a Shopify GID (gid://shopify/Product/123 → 123); other strings unchanged; numbers as text.", output: .text
        ) {
            input, _ in
            EncodingFilters.gid(input)
        },
        FilterDefinition("url_encode", "Percent-encodes everything except the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).", output: .text) {
            input, _ in
            EncodingFilters.urlEncode(input)
        },
        FilterDefinition("path_segment", "Like url_encode, and encodes '.' and '..' too so a value can never climb a URL path.", output: .text) {
            input, _ in
            EncodingFilters.pathSegment(input)
        },
        FilterDefinition(
            "shopify_search", "Quotes every word of visitor text so no Shopify search operator, field or parenthesis can leak.", output: .text
        ) {
            input, _ in
            EncodingFilters.shopifySearch(input)
        },

        // Collections
        FilterDefinition("first", "The first element of an array, or the first character of a string.") { input, _ in
            CollectionFilters.first(input)
        },
        FilterDefinition("last", "The last element of an array, or the last character of a string.") { input, _ in
            CollectionFilters.last(input)
        },
        FilterDefinition("size", "The number of elements of an array, characters of a string, or keys of an object.", output: .kind(.number)) {
            input, _ in
            CollectionFilters.size(input)
        },
        FilterDefinition(
            "pluck", "The `key` value of every object of an array (null for elements without it).",
            parameters: [FilterParameter("key", .string)], input: .list, output: .kind(.list)
        ) { input, arguments in
            CollectionFilters.pluck(input, key: arguments[0])
        },
        FilterDefinition("any", "Whether at least one element of an array is truthy.", input: .list, output: .kind(.boolean)) { input, _ in
            CollectionFilters.any(input)
        },
        FilterDefinition("all", "Whether every element of an array is truthy (true for an empty array).", input: .list, output: .kind(.boolean)) {
            input, _ in
            CollectionFilters.all(input)
        },
        FilterDefinition(
            "sum", "The sum of the numbers (and numeric strings) of an array, a true counting 1; other elements are skipped.", input: .list,
            output: .kind(.number)
        ) {
            input, _ in
            CollectionFilters.sum(input)
        },
        FilterDefinition("min", "The smallest element of an array (numbers and numeric strings compared as numbers).", input: .list) { input, _ in
            ListOrder.extreme(input, largest: false)
        },
        FilterDefinition("max", "The largest element of an array (numbers and numeric strings compared as numbers).", input: .list) { input, _ in
            ListOrder.extreme(input, largest: true)
        },
        FilterDefinition("compact", "The array without its null elements.", input: .list, output: .kind(.list)) { input, _ in
            CollectionFilters.compact(input)
        },
        FilterDefinition(
            "contains", "Whether an array holds the value, or a string holds the text (case-sensitive).",
            parameters: [FilterParameter("value", .any)], output: .kind(.boolean)
        ) { input, arguments in
            CollectionFilters.contains(input, arguments[0])
        },
        FilterDefinition(
            "concat", "The array followed by the elements of another array (a missing side counts as empty).",
            parameters: [FilterParameter("other", .any)]
        ) { input, arguments in
            CollectionFilters.concat(input, arguments[0])
        },
        FilterDefinition(
            "join", "The elements of an array as text joined by a separator (nulls are skipped).",
            parameters: [FilterParameter("separator", .string)], input: .list, output: .text
        ) { input, arguments in
            CollectionFilters.join(input, separator: arguments[0])
        },
        FilterDefinition(
            "slice", "Part of an array or string: `length` elements from `start` (negative start counts from the end).",
            parameters: [
                FilterParameter("start", .wholeNumber(-1_000_000_000...1_000_000_000)), FilterParameter("length", .wholeNumber(0...1_000_000_000)),
            ],
            required: 1, output: .input
        ) { input, arguments in
            CollectionFilters.slice(input, start: arguments[0], length: arguments.has(1) ? .some(arguments[1]) : JSON?.none)
        },

        // Conversions
        FilterDefinition(
            "default", "The input, unless it is null or the empty string: then `value`.",
            parameters: [FilterParameter("value", .any)], output: .inputOrFirstArgument
        ) { input, arguments in
            switch input {
            case .null: return arguments[0]
            case .string(let text) where text.isEmpty: return arguments[0]
            default: return input
            }
        },
        FilterDefinition(
            "to_string", "The value as text: numbers in shortest form, bools as true/false, arrays and objects as JSON; null stays null.",
            output: .text
        ) { input, _ in
            input.isNull ? .null : .string(ValueText.text(of: input))
        },
        FilterDefinition("to_number", "Numbers unchanged, numeric strings as numbers, anything else null.", output: .kind(.number)) { input, _ in
            switch input {
            case .number: return input
            case .string(let text): return NumericText.parse(text).map(JSON.number) ?? .null
            default: return .null
            }
        },
        FilterDefinition(
            "to_bool", "Booleans unchanged; numbers: non-zero; strings true/yes/on/1 and false/no/off/0/\"\"; anything else null.",
            output: .kind(.boolean)
        ) {
            input, _ in
            ConversionFilters.toBool(input)
        },
    ]

    static let byName: [String: FilterDefinition] = {
        var table: [String: FilterDefinition] = [:]
        for definition in all { table[definition.name] = definition }
        return table
    }()

    static func definition(named name: String) -> FilterDefinition? {
        byName[name]
    }
}
