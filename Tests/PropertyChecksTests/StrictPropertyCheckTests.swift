import PropertyBased
import PropertyChecks
import Synchronization
import Testing

/// The strict property check fails a case whose body throws: these tests pass only if it does.
@Suite struct StrictPropertyCheckTests {
    struct ConnectionDropped: Error {}

    /// Expects `check` to record the thrown error (named with `input`), then the library's report
    /// of the failing case; nothing else.
    static func expectThrownErrorRecorded(input: String, _ check: () async -> Void) async {
        let sawError = Mutex(false)
        await withKnownIssue {
            await check()
        } matching: { issue in
            if issue.error is ConnectionDropped, issue.comments.contains(where: { $0.rawValue.contains("with input \(input)") }) {
                sawError.withLock { $0 = true }
                return true
            }
            return issue.comments.contains { $0.rawValue.contains("Failure occured with input") }
        }
        #expect(sawError.withLock { $0 }, "the thrown error was not recorded")
    }

    @Test func anErrorThrownByTheBodyIsRecordedWithTheInput() async {
        await Self.expectThrownErrorRecorded(input: "7") {
            await strictPropertyCheck(count: 5, input: Gen.int(in: 7...7)) { _ in throw ConnectionDropped() }
        }
    }

    @Test func everyArityRecordsThrownErrors() async {
        let seven = Gen.int(in: 7...7)
        await Self.expectThrownErrorRecorded(input: "(7, 7)") {
            await strictPropertyCheck(count: 3, input: seven, seven) { _, _ in throw ConnectionDropped() }
        }
        await Self.expectThrownErrorRecorded(input: "(7, 7, 7)") {
            await strictPropertyCheck(count: 3, input: seven, seven, seven) { _, _, _ in throw ConnectionDropped() }
        }
        await Self.expectThrownErrorRecorded(input: "(7, 7, 7, 7)") {
            await strictPropertyCheck(count: 3, input: seven, seven, seven, seven) { _, _, _, _ in throw ConnectionDropped() }
        }
    }

    @Test func casesThatDoNotThrowPass() async {
        var seen = 0
        await strictPropertyCheck(count: 20, input: Gen.int(in: 0...9)) { value in
            seen += 1
            #expect((0...9).contains(value))
        }
        #expect(seen == 20)
    }
}
