import Adapters
import Testing

/// Loads an adapter a test wrote as `<name>.yaml`: the adapter (nil when refused) and every
/// diagnostic the loader gave.
func loadAdapter(_ text: String, name: String = "shop") -> (AdapterDefinition?, [Diagnostic]) {
    let diagnostics = Diagnostics()
    let adapter = AdapterLoader.load(name: name, text: text, path: "\(name).yaml", diagnostics: diagnostics)
    return (adapter, diagnostics.all)
}

/// An adapter a test wrote and needs loaded; a refusal fails the test with the loader's diagnostics.
func requireAdapter(_ text: String, name: String = "shop") throws -> AdapterDefinition {
    let (adapter, diagnostics) = loadAdapter(text, name: name)
    return try #require(adapter, "\(diagnostics)")
}
