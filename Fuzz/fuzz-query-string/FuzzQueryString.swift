import FuzzSupport
import Plugins

/// The query-string parser every plugin call goes through (after its signature is checked): any
/// bytes are parsed or refused with a `ParameterError`, never a crash, and every parsed name can
/// be read back (or is refused as given twice).
@main enum FuzzQueryString {
    static func main() {
        FuzzHarness.run(corpus: FuzzHarness.seedCorpus("query-string")) { bytes in
            let raw = String(decoding: bytes, as: UTF8.self)
            guard let query = try? QueryString(parsing: raw) else { return }
            precondition(query.items.count <= raw.utf8.count, "more parameters than bytes")
            for item in query.items {
                do throws(ParameterError) {
                    let value = try query.value(item.name)
                    precondition(value != nil, "a parsed parameter cannot be read back")
                } catch {
                    precondition(error == .duplicated(parameter: item.name), "unexpected error \(error)")
                }
            }
        }
    }
}
