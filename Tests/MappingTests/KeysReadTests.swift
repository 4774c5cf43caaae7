import Mapping
import Testing

/// What an expression reads of a variable: the plugin-answer cache keys on it, so a key it misses
/// would let two callers share an answer that differs between them.
@Suite struct KeysReadTests {
    private let compiler = ExpressionCompiler(variables: ["params", "item", "settings"])

    private func keys(_ source: String) throws -> Set<String>? {
        try compiler.compile(source).keysRead(ofVariable: "params")
    }

    @Test func pathsAndConstantSubscriptsReadOneKeyEach() throws {
        #expect(try keys("params.idWebsite") == ["idWebsite"])
        #expect(try keys("params['idOperator'].x") == ["idOperator"])
        #expect(try keys(#""{params.idWebsite}-{item.id}""#) == ["idWebsite"])
        #expect(try keys("item.tags | contains(params.searchQuery)") == ["searchQuery"])
        #expect(try keys("item.prices[params.idWebsite]") == ["idWebsite"])
        #expect(try keys("if params.idCategory != null then params.limit else params.offset") == ["idCategory", "limit", "offset"])
        #expect(try keys("{ a: params.idConnectorVersion, b: [params.idParent] }") == ["idConnectorVersion", "idParent"])
    }

    @Test func expressionsThatDoNotReadTheVariableReadNothing() throws {
        #expect(try keys("item.title") == [])
        #expect(try keys("'text'") == [])
        #expect(try keys("settings.idWebsite") == [])
    }

    @Test func theVariableReadWholeOrByAComputedKeyReadsEverything() throws {
        #expect(try keys("params") == nil)
        #expect(try keys("params | to_string") == nil)
        #expect(try keys("params[item.key]") == nil)
        #expect(try keys("(params ?? item).idWebsite") == nil)
    }
}
