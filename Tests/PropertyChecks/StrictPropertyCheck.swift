import PropertyBased
import Testing

// swift-property-based 2.0.1 runs each case with `try?`: a failed `#expect` is reported, but an
// error thrown by the body (a dropped connection, a timeout) counts as a pass. These wrappers run
// the same checks and record every thrown error as an issue, with the case's input, so that the
// library then reports the case and its seed like any other failure.

/// `propertyCheck` with one generator, where an error thrown by `body` fails the case.
public func strictPropertyCheck<InA, A>(
    count: Int = 100,
    input g0: Generator<A, some Sequence<InA>>,
    perform body: (A) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await propertyCheck(
        count: count, input: g0,
        perform: { a in
            await recordingThrownErrors(input: a, sourceLocation: sourceLocation) { try await body(a) }
        }, isolation: isolation, sourceLocation: sourceLocation)
}

/// `propertyCheck` with two generators, where an error thrown by `body` fails the case.
public func strictPropertyCheck<InA, InB, A, B>(
    count: Int = 100,
    input g0: Generator<A, some Sequence<InA>>,
    _ g1: Generator<B, some Sequence<InB>>,
    perform body: (A, B) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await propertyCheck(
        count: count, input: g0, g1,
        perform: { a, b in
            await recordingThrownErrors(input: (a, b), sourceLocation: sourceLocation) { try await body(a, b) }
        }, isolation: isolation, sourceLocation: sourceLocation)
}

/// `propertyCheck` with three generators, where an error thrown by `body` fails the case.
public func strictPropertyCheck<InA, InB, InC, A, B, C>(
    count: Int = 100,
    input g0: Generator<A, some Sequence<InA>>,
    _ g1: Generator<B, some Sequence<InB>>,
    _ g2: Generator<C, some Sequence<InC>>,
    perform body: (A, B, C) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await propertyCheck(
        count: count, input: g0, g1, g2,
        perform: { a, b, c in
            await recordingThrownErrors(input: (a, b, c), sourceLocation: sourceLocation) { try await body(a, b, c) }
        }, isolation: isolation, sourceLocation: sourceLocation)
}

/// `propertyCheck` with four generators, where an error thrown by `body` fails the case.
public func strictPropertyCheck<InA, InB, InC, InD, A, B, C, D>(
    count: Int = 100,
    input g0: Generator<A, some Sequence<InA>>,
    _ g1: Generator<B, some Sequence<InB>>,
    _ g2: Generator<C, some Sequence<InC>>,
    _ g3: Generator<D, some Sequence<InD>>,
    perform body: (A, B, C, D) async throws -> Void,
    isolation: isolated (any Actor)? = #isolation,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    await propertyCheck(
        count: count, input: g0, g1, g2, g3,
        perform: { a, b, c, d in
            await recordingThrownErrors(input: (a, b, c, d), sourceLocation: sourceLocation) { try await body(a, b, c, d) }
        }, isolation: isolation, sourceLocation: sourceLocation)
}

/// Runs one case; an error it throws becomes an issue that names the error and the input.
func recordingThrownErrors<Input>(
    input: Input, sourceLocation: SourceLocation, isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
    } catch {
        Issue.record(
            error, "the case threw \(String(describing: error)) with input \(String(describingForTest: input))", sourceLocation: sourceLocation)
    }
}
