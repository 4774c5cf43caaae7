import Mapping
import Testing

@Suite("Expression errors")
struct ExpressionErrorTests {
    private func expectError(
        _ source: String, message: String, hint: String? = nil, offset: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = compileError(source) else {
            Issue.record("'\(source)' compiled but should not", sourceLocation: sourceLocation)
            return
        }
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(error.hint == hint, sourceLocation: sourceLocation)
        #expect(error.offset == offset, sourceLocation: sourceLocation)
    }

    @Test func unknownFilterSuggestsTheClosestName() {
        expectError("item.price | mony('EUR')", message: "unknown filter 'mony'", hint: "did you mean 'money'?", offset: 13)
        expectError("item.t | strip_htm", message: "unknown filter 'strip_htm'", hint: "did you mean 'strip_html'?", offset: 9)
        expectError("item.t | trunc(3)", message: "unknown filter 'trunc'", hint: "did you mean 'truncate'?", offset: 9)
        expectError("item.t | uppper", message: "unknown filter 'uppper'", hint: "did you mean 'upper'?", offset: 9)
        expectError("item.t | frobnicate", message: "unknown filter 'frobnicate'", offset: 9)
    }

    @Test func unknownVariableSuggestsTheClosestName() {
        expectError("itme.title", message: "unknown variable 'itme'", hint: "did you mean 'item'?", offset: 0)
        expectError("item.a ?? shp.b", message: "unknown variable 'shp'", hint: "did you mean 'shop'?", offset: 10)
        expectError(
            "zzz", message: "unknown variable 'zzz'",
            hint: "expressions start with one of: item, shop, params; put text inside quotes", offset: 0)
        expectError(
            "upper(item.a)", message: "unknown variable 'upper'",
            hint: "'upper' is a filter; apply it with '|', e.g. 'value | upper'", offset: 0)
    }

    @Test func offsetsCountUnicodeScalars() {
        expectError("'😀' | mony", message: "unknown filter 'mony'", hint: "did you mean 'money'?", offset: 6)
        expectError("'e\u{301}' | mony", message: "unknown filter 'mony'", hint: "did you mean 'money'?", offset: 7)
        expectError("\"中文 {itme}\"", message: "unknown variable 'itme'", hint: "did you mean 'item'?", offset: 5)
    }

    @Test func unclosedGroups() {
        expectError("(item.a ?? item.b", message: "expected ')' to close '(' at character 1", offset: 17)
        expectError(
            "item.a | truncate(3 'x')", message: "expected ')' to close '(' at character 18",
            hint: "separate arguments with ','", offset: 20)
        expectError("item[0", message: "expected ']' to close '[' at character 5", offset: 6)
        expectError("[1, 2", message: "expected ',' or ']' to close '[' at character 1", offset: 5)
        expectError("'abc", message: "expected \"'\" to close the string opened at character 1", offset: 4)
        expectError("x ?? \"abc", message: "expected '\"' to close the string opened at character 6", offset: 9, variables: ["x"])
        expectError("\"abc {item.a\"", message: "expected '}' to close '{' at character 6", offset: 12)
        expectError("\"abc {item.a", message: "expected '}' to close '{' at character 6", offset: 12)
    }

    @Test func unexpectedEnd() {
        expectError("item.title |", message: "unexpected end of expression, expected a filter name after '|'", offset: 12)
        expectError("item.a ??", message: "unexpected end of expression, expected a value after '??'", offset: 9)
        expectError("item.a and", message: "unexpected end of expression, expected a value after 'and'", offset: 10)
        expectError("item.a ==", message: "unexpected end of expression, expected a value after '=='", offset: 9)
        expectError("if item.a then", message: "unexpected end of expression, expected a value after 'then'", offset: 14)
        expectError("item.a | first(", message: "unexpected end of expression, expected a value after '('", offset: 15)
        expectError("item.", message: "unexpected end of expression, expected a field name after '.'", offset: 5)
        expectError("", message: "empty expression, expected a value", offset: 0)
        expectError("   ", message: "empty expression, expected a value", offset: 3)
    }

    @Test func filterArity() {
        expectError(
            "item.title | truncate", message: "filter 'truncate' takes 1 or 2 arguments, got 0",
            hint: "usage: truncate(length, ellipsis?)", offset: 13)
        expectError(
            "item.title | truncate(1, '…', 3)", message: "filter 'truncate' takes 1 or 2 arguments, got 3",
            hint: "usage: truncate(length, ellipsis?)", offset: 30)
        expectError("item.a | upper(1)", message: "filter 'upper' takes no arguments, got 1", hint: "usage: upper", offset: 15)
    }

    @Test func literalArgumentsOfTheWrongKind() {
        expectError(
            "item.title | truncate('x')",
            message: "filter 'truncate' expects length to be a whole number from 0 to 1000000, found 'x'",
            hint: "usage: truncate(length, ellipsis?)", offset: 22)
        expectError(
            "item.p | money('EURO')",
            message: "filter 'money' expects currency to be a three-letter currency code such as 'EUR', found 'EURO'",
            hint: "usage: money(currency, locale?)", offset: 15)
        expectError(
            "item.p | money(1)",
            message: "filter 'money' expects currency to be a three-letter currency code such as 'EUR', found 1",
            hint: "usage: money(currency, locale?)", offset: 15)
        expectError(
            "item.p | date('medium')",
            message: "filter 'date' expects format to be iso, date, short, long or a pattern such as '%d/%m/%Y', found 'medium'",
            hint: "usage: date(format, locale?)", offset: 14)
        expectError(
            "item.p | join(null)", message: "filter 'join' expects separator to be a string, found null",
            hint: "usage: join(separator)", offset: 14)
        expectError(
            "item.p | number(2.5)",
            message: "filter 'number' expects decimals to be a whole number from 0 to 20, found 2.5",
            hint: "usage: number(decimals, locale?)", offset: 16)
        let locale = compileError("item.p | money('EUR', 'xx')")
        #expect(locale?.offset == 22)
        #expect(locale?.message.hasPrefix("filter 'money' expects locale to be a supported locale (en, ") == true)
    }

    @Test func lexicalMistakes() {
        expectError("item.a = 1", message: "unexpected '='", hint: "use '==' to compare", offset: 7)
        expectError("!item.a", message: "unexpected '!'", hint: "use 'not' to negate, or '!=' to compare", offset: 0)
        expectError("item.a & item.b", message: "unexpected '&'", hint: "use 'and' to combine conditions", offset: 7)
        expectError(
            "item.a ? 1", message: "unexpected '?'",
            hint: "use '??' for a fallback, or 'if … then … else …' for a condition", offset: 7)
        expectError("1 # 2", message: "unexpected character '#'", offset: 2)
        expectError("12abc", message: "invalid number '12abc'", hint: "names cannot start with a digit; use ['…'] for such keys", offset: 0)
        expectError(
            "\"a\\qb\"", message: "invalid escape '\\q' in a double-quoted string",
            hint: "escapes are \\\" \\\\ \\{ \\} \\n \\t; single-quoted strings take backslashes as they are", offset: 2)
        expectError("\"a}b\"", message: "unmatched '}' in a string", hint: "write \\} for a literal '}'", offset: 2)
        expectError("\"{}\"", message: "empty interpolation, expected a value inside '{}'", offset: 2)
        expectError("{item.a}", message: "expected ':' after the key 'item'", offset: 5)
        expectError("item.a\u{7}", message: "unexpected character U+0007", offset: 6)
    }

    @Test func structuralMistakes() {
        expectError(
            "item.a < 1 < 2", message: "comparison operators cannot be chained",
            hint: "combine comparisons with 'and', e.g. 'a < b and b < c'", offset: 11)
        expectError(
            "item.a item.b", message: "unexpected 'item' after the end of the expression",
            hint: "combine values with '??' (fallback) or '|' (filter), or put text inside quotes", offset: 7)
        expectError("item.a)", message: "unexpected ')' without a matching '('", offset: 6)
        expectError("item.a]", message: "unexpected ']' without a matching '['", offset: 6)
        expectError("item.a, 1", message: "unexpected ','", hint: "commas separate filter arguments and array elements", offset: 6)
        expectError("item.a | | upper", message: "unexpected '|', expected a filter name", hint: "use 'or' to combine conditions", offset: 9)
        expectError("item.a | 'x'", message: "expected a filter name after '|', found ''x''", offset: 9)
        expectError(
            "item.0", message: "expected a field name after '.', found '0'",
            hint: "use [0] to index an array, or ['key'] for other keys", offset: 5)
        expectError("item[]", message: "expected an index or a key inside '[]'", offset: 5)
        expectError("item[1.5]", message: "an index must be a whole number, found 1.5", offset: 5)
        expectError("item[true]", message: "expected a number index or a string key inside '[]', found bool", offset: 5)
        expectError("- item.a", message: "expected a number after '-', found 'item'", offset: 2)
        expectError("item.a ?? )", message: "unexpected ')', expected a value after '??'", offset: 10)
        expectError(
            "f(1,)", message: "unknown variable 'f'", hint: "expressions start with one of: item, shop, params; put text inside quotes", offset: 0)
        expectError("item.a | truncate(1,)", message: "unexpected ')', expected a value after ','", offset: 20)
    }

    @Test func keywordsInTheWrongPlace() {
        expectError("if item.a 'x'", message: "expected 'then' after the condition of 'if' at 0", offset: 10)
        expectError("if item.a than 'x'", message: "expected 'then' after the condition of 'if' at 0", hint: "did you mean 'then'?", offset: 10)
        expectError("if item.a then 'x' els 'y'", message: "unexpected 'els' after the 'then' branch", hint: "did you mean 'else'?", offset: 19)
        expectError(
            "item.a ?? if item.b then 1", message: "a condition inside a larger expression must be in parentheses",
            hint: "write '(if … then … else …)'", offset: 10)
        expectError(
            "item.a == not item.b", message: "unexpected keyword 'not', expected a value after '=='", hint: "write '(not …)' here", offset: 10)
        expectError("then", message: "unexpected keyword 'then', expected a value", offset: 0)
        expectError("item.a or or", message: "unexpected keyword 'or', expected a value after 'or'", offset: 10)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let source = String(repeating: "(", count: 100) + "item" + String(repeating: ")", count: 100)
        expectError(source, message: "expression nests too deeply (more than 64 levels)", offset: 64)
        let nots = String(repeating: "not ", count: 200) + "item"
        #expect(compileError(nots)?.message == "expression nests too deeply (more than 64 levels)")
        let brackets = "item" + String(repeating: "[item", count: 100)
        #expect(compileError(brackets)?.message == "expression nests too deeply (more than 64 levels)")
        let strings = String(repeating: "\"{", count: 100)
        #expect(compileError(strings)?.message == "expression nests too deeply (more than 64 levels)")
        let fine = String(repeating: "(", count: 40) + "item.a" + String(repeating: ")", count: 40)
        #expect(compileError(fine) == nil)
    }

    @Test func longFlatChainsCompileAndEvaluate() throws {
        let fallbacks = (0..<5000).map { "item.k\($0)" }.joined(separator: " ?? ") + " ?? 'end'"
        #expect(try evaluate(fallbacks) == "end")
        let pipes = "item" + String(repeating: " | trim", count: 5000)
        #expect(try evaluate(pipes, item: " x ") == "x")
        let ors = (0..<5000).map { _ in "item.no" }.joined(separator: " or ")
        #expect(try evaluate(ors, item: ["no": false]) == false)
    }

    @Test func errorDescriptionAndLineColumn() throws {
        let source = "item.a\n  | mony"
        let error = try #require(compileError(source))
        #expect(error.offset == 11)
        #expect(error.lineAndColumn(in: source) == (line: 2, column: 5))
        #expect(error.description == "unknown filter 'mony' (at offset 11); did you mean 'money'?")
        #expect(ExpressionError(message: "m", offset: 0).lineAndColumn(in: "") == (1, 1))
    }
}

extension ExpressionErrorTests {
    private func expectError(
        _ source: String, message: String, hint: String? = nil, offset: Int, variables: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = compileError(source, variables: variables)
        #expect(error?.message == message, sourceLocation: sourceLocation)
        #expect(error?.hint == hint, sourceLocation: sourceLocation)
        #expect(error?.offset == offset, sourceLocation: sourceLocation)
    }
}
