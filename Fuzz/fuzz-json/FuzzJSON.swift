import FuzzSupport
import Mapping

/// The JSON parser every upstream answer goes through: any bytes are parsed or refused with an
/// error, never a crash; what parses is written back and parses to the same value.
@main enum FuzzJSON {
    static func main() {
        FuzzHarness.run(corpus: FuzzHarness.seedCorpus("json")) { bytes in
            guard let value = try? JSON(parsing: bytes) else { return }
            let written = value.encoded()
            guard let again = try? JSON(parsing: written) else {
                fatalError("the writer's output does not parse: \(String(decoding: written, as: UTF8.self))")
            }
            precondition(again == value, "a value changed through the writer: \(value.jsonText)")
        }
    }
}
