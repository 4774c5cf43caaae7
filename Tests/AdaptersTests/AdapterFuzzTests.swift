import Foundation
import PropertyBased
import PropertyChecks
import Testing

@testable import Adapters

/// Broken edits of a real adapter file: the loader reports errors with positions inside the file,
/// or accepts the file — it never crashes and never accepts a file while reporting an error.
@Suite struct AdapterFuzzTests {
    enum Edit: Sendable {
        case deleteLine(Int)
        case duplicateLine(Int)
        case swapLines(Int, Int)
        case insert(String, at: Int)
        case truncate(at: Int)
    }

    static let fragments = [
        "{", "}", "[", "]", ":", " ", "\n", "\t", "'", "\"", "|", "??", "(", ")", "&a", "*a", "- ", "#", "!!str ", "%", "\\",
        "item.", "| money(", "if ", " then ", "else", "{params.", "null", "~", "😀", "\u{0}",
    ]

    @Test func brokenEditsOfTheShopifyAdapterNeverCrashTheLoader() async throws {
        let original = try String(contentsOfFile: "\(adaptersDirectory)/shopify.yaml", encoding: .utf8)
        let lineCount = original.split(separator: "\n", omittingEmptySubsequences: false).count
        let position = Gen.int(in: 0...(original.unicodeScalars.count - 1))
        let line = Gen.int(in: 0...(lineCount - 1))
        let fragment = Gen<String?>.element(of: Self.fragments).map { $0 ?? "" }
        let edit = Gen<Edit>.oneOf(
            line.map { Edit.deleteLine($0) }.eraseToAnySequence(),
            line.map { Edit.duplicateLine($0) }.eraseToAnySequence(),
            zip(line, line).map { Edit.swapLines($0, $1) }.eraseToAnySequence(),
            zip(fragment, position).map { Edit.insert($0, at: $1) }.eraseToAnySequence(),
            position.map { Edit.truncate(at: $0) }.eraseToAnySequence())
        await strictPropertyCheck(count: 1500, input: edit.array(of: 1...3)) { edits in
            let text = edits.reduce(original) { Self.apply($1, to: $0) }
            let diagnostics = Diagnostics()
            let adapter = AdapterLoader.load(name: "shopify", text: text, path: "shopify.yaml", diagnostics: diagnostics)
            #expect((adapter == nil) == diagnostics.hasErrors, "\(edits)")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            for diagnostic in diagnostics.all {
                #expect(diagnostic.location.file == "shopify.yaml")
                #expect((1...(lines + 1)).contains(diagnostic.location.line), "\(diagnostic) for \(edits)")
                #expect(diagnostic.location.column >= 1)
            }
        }
    }

    static func apply(_ edit: Edit, to text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch edit {
        case .deleteLine(let index):
            if index < lines.count { lines.remove(at: index) }
        case .duplicateLine(let index):
            if index < lines.count { lines.insert(lines[index], at: index) }
        case .swapLines(let a, let b):
            if a < lines.count, b < lines.count { lines.swapAt(a, b) }
        case .insert(let fragment, let at):
            var scalars = Array(text.unicodeScalars)
            scalars.insert(contentsOf: fragment.unicodeScalars, at: min(at, scalars.count))
            return String(String.UnicodeScalarView(scalars))
        case .truncate(let at):
            return String(String.UnicodeScalarView(text.unicodeScalars.prefix(at)))
        }
        return lines.joined(separator: "\n")
    }
}
