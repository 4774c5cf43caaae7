import Adapters
import Foundation
import Mapping

extension ConfigurationLoader {
    /// One tenant's connector secrets, reading nothing else of the file (no adapter is compiled,
    /// no other tenant checked): `deskbridge sign` keeps working while another part is broken.
    /// Nil when the tenant or its secret cannot be read (`diagnostics` says why).
    package static func secrets(
        ofTenant name: String, path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        diagnostics: Diagnostics
    ) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            diagnostics.error("cannot read the configuration file", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        let file = ConfigFile(path: path, text: text)
        guard let root = ConfigNode.parse(file, text: text, diagnostics: diagnostics),
            let tenants = root.entries(allowed: nil, Diagnostics())?.first(where: { $0.key == "tenants" })?.value,
            let entries = tenants.entries(allowed: nil, diagnostics)
        else {
            diagnostics.error("no 'tenants' section", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        guard let tenant = entries.first(where: { $0.key == name }) else {
            diagnostics.error(
                "no tenant '\(name)'", at: tenants.location,
                hint: Suggestion.closest(to: name, among: entries.map(\.key)).map { "did you mean '\($0)'?" }
                    ?? "tenants: \(entries.map(\.key).joined(separator: ", "))")
            return nil
        }
        guard let keys = tenant.value.entries(allowed: nil, diagnostics)?.map(\.key),
            let fields = tenant.value.fields(allowed: keys, diagnostics)
        else { return nil }
        let reader = Reader(environment: environment, diagnostics: diagnostics)
        let errorsBefore = diagnostics.errors.count
        let (_, secrets) = reader.access(fields, tenant: name, location: tenant.keyLocation)
        return diagnostics.errors.count == errorsBefore && !secrets.isEmpty ? secrets : nil
    }
}
