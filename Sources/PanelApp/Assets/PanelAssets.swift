import Foundation

/// The panel's web app: the page template and the files it loads, read once from the module's
/// resources (`Resources/panel`) and kept in memory (they weigh a few tens of kilobytes).
///
/// Assets are served under a version derived from all their bytes, `assets/<version>/<name>`, so
/// that they can be cached for a year (`immutable`) and a new release is fetched at once; relative
/// imports between the ES modules stay inside that versioned folder.
package struct PanelAssets: Sendable {
    /// The page, with `{{VERSION}}`, `{{LIBRARY_URL}}` placeholders; rendered by `PanelPage`.
    package let pageTemplate: String
    /// Every other file, by name.
    package let files: [String: PanelAsset]
    /// 12 hex digits of the SHA-256 of every file's name and bytes.
    package let version: String

    static let templateName = "index.html"

    package init(pageTemplate: String, files: [PanelAsset]) {
        self.pageTemplate = pageTemplate
        self.files = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var all: [UInt8] = Array(pageTemplate.utf8)
        for file in files.sorted(by: { $0.name < $1.name }) {
            all += Array(file.name.utf8) + [0] + file.bytes + [0]
        }
        version = String(PanelAsset.digest(all).prefix(12))
    }

    /// The files shipped with the module.
    package static let bundled: PanelAssets = {
        guard let directory = Bundle.module.url(forResource: "panel", withExtension: nil) else {
            return PanelAssets(pageTemplate: "", files: [])
        }
        return (try? load(directory: directory)) ?? PanelAssets(pageTemplate: "", files: [])
    }()

    /// Reads a folder laid out like `Resources/panel`: `index.html` and the files it loads.
    package static func load(directory: URL) throws -> PanelAssets {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var template = ""
        var files: [PanelAsset] = []
        for name in names where !name.hasPrefix(".") {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            if name == templateName {
                template = String(decoding: data, as: UTF8.self)
            } else {
                files.append(PanelAsset(name: name, bytes: Array(data)))
            }
        }
        return PanelAssets(pageTemplate: template, files: files)
    }

    /// Bytes of the page template and every file: what a browser downloads for a first visit.
    package var totalBytes: Int { pageTemplate.utf8.count + files.values.reduce(0) { $0 + $1.bytes.count } }
}
