import Adapters
import FuzzSupport

/// Adapter files (`adapters/*.yaml`): any text loads or is refused with positioned errors, never
/// a crash; an adapter refused is always explained by at least one error.
@main enum FuzzAdapterLoader {
    static func main() {
        FuzzHarness.run(corpus: FuzzHarness.seedCorpus("adapter-loader")) { bytes in
            let diagnostics = Diagnostics()
            let adapter = AdapterLoader.load(
                name: "fuzz", text: String(decoding: bytes, as: UTF8.self), path: "fuzz.yaml", diagnostics: diagnostics)
            precondition(adapter != nil || !diagnostics.errors.isEmpty, "an adapter refused without an error")
        }
    }
}
