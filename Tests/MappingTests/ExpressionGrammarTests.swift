import Mapping
import Testing

@Suite("Expression grammar")
struct ExpressionGrammarTests {
    let product: JSON = [
        "id": 12,
        "title": "Shirt",
        "handle": "shirt",
        "onSale": true,
        "tags": ["a", "b", "c"],
        "key-with-dash": "dashed",
        "if": "keyword key",
        "prénom": "Zoé",
        "variants": ["nodes": [["sku": "S-1", "price": "29.90"], ["sku": "S-2", "price": "9.5"]]],
        "variant": ["sku": "V"],
        "empty": "",
        "zero": 0,
        "no": false,
        "nothing": nil,
        "list": [1, 2],
        "object": ["k": "v"],
    ]

    private func value(_ source: String, params: JSON = .null) throws -> JSON {
        try evaluate(source, item: product, shop: ["currencyCode": "EUR", "url": "https://shop.example"], params: params)
    }

    // MARK: Paths

    @Test func pathsWalkObjectsAndArrays() throws {
        #expect(try value("item.title") == "Shirt")
        #expect(try value("item.variants.nodes[0].sku") == "S-1")
        #expect(try value("item.variants.nodes[1].price") == "9.5")
        #expect(try value("item.tags[-1]") == "c")
        #expect(try value("item.tags[-3]") == "a")
        #expect(try value("item['key-with-dash']") == "dashed")
        #expect(try value("item[\"key-with-dash\"]") == "dashed")
        #expect(try value("item.if") == "keyword key")
        #expect(try value("item.prénom") == "Zoé")
        #expect(try value("shop.currencyCode") == "EUR")
        #expect(try value("item") == product)
    }

    @Test func missingOrMistypedStepsGiveNull() throws {
        #expect(try value("item.missing") == .null)
        #expect(try value("item.missing.deeper[3].x") == .null)
        #expect(try value("item.title.length") == .null)
        #expect(try value("item.tags.first") == .null)
        #expect(try value("item.tags[3]") == .null)
        #expect(try value("item.tags[-4]") == .null)
        #expect(try value("item[0]") == .null)
        #expect(try value("item.id.x") == .null)
        #expect(try value("params.anything") == .null)
    }

    @Test func computedSubscripts() throws {
        #expect(try value("item[params.key]", params: ["key": "title"]) == "Shirt")
        #expect(try value("item.tags[params.index]", params: ["index": 1]) == "b")
        #expect(try value("item.tags[params.index]", params: ["index": -1]) == "c")
        #expect(try value("item.tags[params.index]", params: ["index": 0.5]) == .null)
        #expect(try value("item.tags[params.index]", params: ["index": true]) == .null)
        #expect(try value("item[params.key]", params: [:]) == .null)
        #expect(try value("item.tags[item.zero]") == "a")
    }

    @Test func pathsOnParenthesisedValues() throws {
        #expect(try value("(item.missing ?? item.variant).sku") == "V")
        #expect(try value("(item.variants.nodes)[1].sku") == "S-2")
        #expect(try value("(item.tags | compact)[0]") == "a")
        #expect(try value("['x', 'y'][1]") == "y")
        #expect(try value("(item.title)") == "Shirt")
    }

    @Test func missingVariableSlotsAreNull() throws {
        let expression = try compiler.compile("shop.currencyCode ?? 'none'")
        #expect(expression.evaluate([]) == "none")
        #expect(expression.evaluate([product]) == "none")
        #expect(expression.evaluate([.null, ["currencyCode": "USD"]]) == "USD")
    }

    // MARK: Literals

    @Test func literals() throws {
        #expect(try value("42") == 42)
        #expect(try value("1.5") == 1.5)
        #expect(try value("-3") == -3)
        #expect(try value("- 2.5") == -2.5)
        #expect(try value("1e3") == 1000)
        #expect(try value("2.5E-1") == 0.25)
        #expect(try value("true") == true)
        #expect(try value("false") == false)
        #expect(try value("null") == .null)
        #expect(try value("[]") == [])
        #expect(try value("[1, 'a', item.id, [true]]") == [1, "a", 12, [true]])
    }

    @Test func singleQuotedStringsAreRaw() throws {
        #expect(try value("'it\\'s'") == "it's")
        #expect(try value("'a\\\\b'") == "a\\b")
        #expect(try value("'raw \\n {not interpolated}'") == "raw \\n {not interpolated}")
        #expect(try value("'double \" quote'") == "double \" quote")
        #expect(try value("''") == "")
    }

    @Test func doubleQuotedStringsInterpolate() throws {
        #expect(try value("\"{shop.url}/products/{item.handle}\"") == "https://shop.example/products/shirt")
        #expect(try value("\"id={item.id} sale={item.onSale} none={item.nothing}|\"") == "id=12 sale=true none=|")
        #expect(try value("\"{item.list} {item.object}\"") == "[1,2] {\"k\":\"v\"}")
        #expect(try value("\"{1.5} {2.0} {-0.25}\"") == "1.5 2 -0.25")
        #expect(try value("\"tab\\there\\nnew \\\"q\\\" \\\\ \\{x\\}\"") == "tab\there\nnew \"q\" \\ {x}")
        #expect(try value("\"{ item.title | upper }!\"") == "SHIRT!")
        #expect(try value("\"{item.nothing | default(\"n/a\")}\"") == "n/a")
        #expect(try value("\"outer {\"inner {item.id}\"}\"") == "outer inner 12")
        #expect(try value("\"\"") == "")
        #expect(try value("\"plain\"") == "plain")
        #expect(try value("\"😀 {item.title} é\"") == "😀 Shirt é")
    }

    // MARK: Operators

    @Test func fallbackTakesTheFirstNonNull() throws {
        #expect(try value("item.nothing ?? item.missing ?? 'third'") == "third")
        #expect(try value("item.title ?? 'unused'") == "Shirt")
        #expect(try value("item.no ?? 'x'") == false)
        #expect(try value("item.empty ?? 'x'") == "")
        #expect(try value("item.zero ?? 1") == 0)
        #expect(try value("item.nothing ?? item.missing") == .null)
        #expect(try value("null ?? item.title") == "Shirt")
    }

    @Test func pipeBindsLooserThanFallback() throws {
        #expect(try value("item.nothing ?? item.title | upper") == "SHIRT")
        #expect(try value("item.handle ?? item.title | upper") == "SHIRT")
        #expect(try value("item.variants.nodes[0].price ?? 0 | money(shop.currencyCode)") == "29.90 €")
        #expect(try value("item.nothing ?? '7' | to_number") == 7)
    }

    @Test func pipesChainLeftToRight() throws {
        #expect(try value("item.tags | join('-') | upper") == "A-B-C")
        #expect(try value("item.title | lower | size") == 5)
    }

    @Test func comparisonsBindLooserThanPipes() throws {
        #expect(try value("item.tags | size > 2") == true)
        #expect(try value("item.variants.nodes[1].price | to_number < 10") == true)
        #expect(try value("item.title | lower == 'shirt'") == true)
    }

    @Test(arguments: [
        ("5 == '5'", true), ("'5.0' == 5", true), ("5 != '5'", false), ("5 == 'five'", false),
        ("'abc' < 'abd'", true), ("'B' < 'a'", true), ("'é' > 'z'", true), ("'a' <= 'a'", true),
        ("10 > '9'", true), ("'10' > '9'", false), ("'10' < 9", false), ("2 >= 2", true), ("1 < 2", true), ("3 <= 2", false),
        ("null == null", true), ("item.nothing == item.missing", true), ("null < 1", false), ("null >= null", false),
        ("[1, 2] == [1, 2]", true), ("[1, 2] == [2, 1]", false), ("item.object == item.object", true),
        ("true == true", true), ("true < false", false), ("true == 1", false), ("'' == null", false),
        ("[1] < [2]", false), ("item.title == 'Shirt'", true), ("item.id == '12'", true), ("item.id > 11.5", true),
        ("'x' != 'y'", true), ("1 == 1.0", true), ("'1e2' == 100", true), ("' 7 ' == 7", true),
    ])
    func comparisons(source: String, expected: Bool) throws {
        #expect(try value(source) == .bool(expected))
    }

    @Test func booleanOperatorsUseTruthinessAndReturnBools() throws {
        #expect(try value("'x' and 'y'") == true)
        #expect(try value("'x' and ''") == false)
        #expect(try value("item.nothing or item.zero") == false)
        #expect(try value("item.nothing or item.title") == true)
        #expect(try value("not item.nothing") == true)
        #expect(try value("not not item.title") == true)
        #expect(try value("not item.list") == false)
    }

    @Test func andBindsTighterThanOr() throws {
        // a or (b and c), not (a or b) and c
        #expect(try value("item.onSale or item.title and item.no") == true)
        #expect(try value("item.no and item.title or item.onSale") == true)
        #expect(try value("(item.onSale or item.title) and item.no") == false)
    }

    @Test func notBindsLooserThanComparison() throws {
        #expect(try value("not item.id == 12") == false)
        #expect(try value("not item.id == 13") == true)
        #expect(try value("not item.nothing and item.title") == true)
    }

    @Test func booleanOperatorsShortCircuitOnMessyData() throws {
        #expect(try value("item.no and item.title.x.y | money('EUR')") == false)
        #expect(try value("item.onSale or item.missing[0]") == true)
    }

    // MARK: Conditionals

    @Test func conditionals() throws {
        #expect(try value("if item.onSale then 'sale' else 'regular'") == "sale")
        #expect(try value("if item.no then 'sale' else 'regular'") == "regular")
        #expect(try value("if item.no then 'sale'") == .null)
        #expect(try value("if item.no then 1 else if item.onSale then 2 else 3") == 2)
        #expect(try value("if item.onSale then if item.no then 'a' else 'b' else 'c'") == "b")
        #expect(try value("(if item.onSale then 'x' else 'y') | upper") == "X")
        #expect(try value("if item.id > 10 and item.onSale then 'big' else 'small'") == "big")
        #expect(try value("[if item.no then 1 else 2]") == [2])
    }

    @Test func conditionalBranchesAreWholeExpressions() throws {
        let source =
            "if item.onSale then item.variants.nodes[0].price | money(shop.currencyCode) else item.variants.nodes[1].price | money(shop.currencyCode)"
        #expect(try value(source) == "29.90 €")
        #expect(try evaluate(source, item: ["onSale": false, "variants": product["variants"] ?? .null], shop: ["currencyCode": "EUR"]) == "9.50 €")
    }

    @Test func whitespaceAndNewlinesBetweenTokens() throws {
        #expect(try value("  item . variants\n.nodes [ 0 ]\t. sku  ") == "S-1")
        #expect(try value("item.title\n| upper") == "SHIRT")
    }

    // MARK: Compile-time facts

    @Test func constantValues() throws {
        #expect(try compiler.compile("'abc' | upper").constantValue == "ABC")
        #expect(try compiler.compile("42").constantValue == 42)
        #expect(try compiler.compile("null").constantValue == .null)
        #expect(try compiler.compile("\"x{1}\"").constantValue == "x1")
        #expect(try compiler.compile("[1, 'a'] | size").constantValue == 2)
        #expect(try compiler.compile("null ?? 'b'").constantValue == "b")
        #expect(try compiler.compile("if true then 'y' else item.x").constantValue == "y")
        #expect(try compiler.compile("1 < 2 and not false").constantValue == true)
        #expect(try compiler.compile("'29.9' | money('EUR', 'fr')").constantValue == "29,90 €")
        #expect(try compiler.compile("item.title").constantValue == nil)
        #expect(try compiler.compile("item.title ?? 'x'").constantValue == nil)
        #expect(try compiler.compile("'x' | default(item.y)").constantValue == nil)
    }

    @Test func referencedVariables() throws {
        #expect(try compiler.compile("item.a ?? shop.b").referencedVariables == ["item", "shop"])
        #expect(try compiler.compile("'lit'").referencedVariables == [])
        #expect(try compiler.compile("\"{params.q}\"").referencedVariables == ["params"])
        #expect(try compiler.compile("'x' | money(shop.currencyCode)").referencedVariables == ["shop"])
        #expect(try compiler.compile("item[params.k]").referencedVariables == ["item", "params"])
    }

    @Test func sourceIsKept() throws {
        let expression = try compiler.compile("item.title | upper")
        #expect(expression.source == "item.title | upper")
        #expect(expression.description == "item.title | upper")
    }

    @Test func compilerWithRepeatedOrNoVariables() throws {
        let repeated = ExpressionCompiler(variables: ["a", "b", "a"])
        #expect(try repeated.compile("a.x").evaluate([["x": 1], ["x": 2], ["x": 3]]) == 1)
        let none = ExpressionCompiler(variables: [])
        #expect(try none.compile("'only literals' | upper").evaluate([]) == "ONLY LITERALS")
    }

    @Test func filterListDescribesEveryFilter() {
        let filters = ExpressionCompiler.filters
        let names = filters.map(\.name)
        for expected in [
            "money", "number", "strip_html", "truncate", "gid", "first", "last", "size", "pluck", "any", "all",
            "sum", "compact", "join", "split", "slice", "default", "lower", "upper", "trim", "replace",
            "capitalize", "url_encode", "path_segment", "shopify_search", "date", "to_string", "to_number", "to_bool",
        ] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        #expect(names == names.sorted())
        #expect(filters.allSatisfy { !$0.summary.isEmpty })
        #expect(filters.first { $0.name == "truncate" }?.signature == "truncate(length, ellipsis?)")
        #expect(filters.first { $0.name == "upper" }?.signature == "upper")
        // Filter arguments travel in a fixed three-slot struct, so no filter may take more.
        #expect(filters.allSatisfy { $0.signature.split(separator: ",").count <= 3 })
    }
}

@Suite struct ArithmeticTests {
    private func value(_ source: String, _ variables: [JSON] = []) throws -> JSON {
        try ExpressionCompiler(variables: ["a", "b"]).compile(source).evaluate(variables)
    }

    @Test func operatorsAndPrecedence() throws {
        #expect(try value("1 + 2 * 3") == 7)
        #expect(try value("(1 + 2) * 3") == 9)
        #expect(try value("10 - 4 - 3") == 3)
        #expect(try value("7 % 4") == 3)
        #expect(try value("9 / 2") == 4.5)
        #expect(try value("a.used - a.left > 5", [["used": 20, "left": "12"]]) == true)
        // Arithmetic binds tighter than pipes: what is computed is what is filtered.
        #expect(try value("a / 1000 | to_string", [2500]) == "2.5")
        #expect(try value("(a | to_number) / 1000", ["2500"]) == 2.5)
        #expect(throws: ExpressionError.self) { try value("a | to_number / 1000", ["2500"]) }
        #expect(try value("a ?? 1000 / 1000", [nil]) == 1)
    }

    @Test func messyOperandsGiveNull() throws {
        #expect(try value("1 / 0") == nil)
        #expect(try value("1 % 0") == nil)
        #expect(try value("'x' + 1") == nil)
        #expect(try value("a * 2", [["k": 1]]) == nil)
        #expect(try value("a + b", [nil, 1]) == nil)
    }

    @Test func aLoneOperatorIsAnError() {
        #expect(throws: ExpressionError.self) { try ExpressionCompiler(variables: ["a"]).compile("a +") }
        #expect(throws: ExpressionError.self) { try ExpressionCompiler(variables: ["a"]).compile("* a") }
    }
}

@Suite struct ObjectLiteralTests {
    @Test func buildsObjectsInOrder() throws {
        let compiler = ExpressionCompiler(variables: ["a"])
        let value = try compiler.compile("{'to': {'id': a}, types: [{'associationTypeId': 16}]}").evaluate(["42"])
        #expect(value == ["to": ["id": "42"], "types": [["associationTypeId": 16]]])
        #expect(value.objectValue?.keys == ["to", "types"])
        #expect(try compiler.compile("{}").evaluate([]) == .object(JSONObject()))
        #expect(try compiler.compile("if a then [{'x': a}] else []").evaluate([nil]) == [])
    }

    @Test func malformedObjectsAreErrors() {
        let compiler = ExpressionCompiler(variables: ["a"])
        for source in ["{'a' 1}", "{'a': 1", "{1: 2}", "{'a': }", "{'a': 1,}"] {
            #expect(throws: ExpressionError.self, "\(source)") { try compiler.compile(source) }
        }
    }
}
