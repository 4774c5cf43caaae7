import Foundation
import GatewayConfig
import Testing

@testable import PanelApp

/// The web app's files: the weight budget, and the habits the CSP relies on.
@Suite struct PanelAssetsTests {
    let assets = PanelAssets.bundled

    /// Page, scripts and styles under 60 KB uncompressed, all together.
    @Test func staysUnderTheWeightBudget() {
        #expect(assets.totalBytes > 10_000, "the assets did not load")
        #expect(assets.totalBytes < 60 * 1024, "\(assets.totalBytes) bytes")
    }

    @Test func versionFollowsTheContent() throws {
        let one = PanelAssets(pageTemplate: "<p>", files: [PanelAsset(name: "a.js", bytes: Array("1".utf8))])
        let two = PanelAssets(pageTemplate: "<p>", files: [PanelAsset(name: "a.js", bytes: Array("2".utf8))])
        let renamed = PanelAssets(pageTemplate: "<p>", files: [PanelAsset(name: "b.js", bytes: Array("1".utf8))])
        let otherPage = PanelAssets(pageTemplate: "<p> ", files: [PanelAsset(name: "a.js", bytes: Array("1".utf8))])
        #expect(Set([one.version, two.version, renamed.version, otherPage.version]).count == 4)
        #expect(one.version == PanelAssets(pageTemplate: "<p>", files: [PanelAsset(name: "a.js", bytes: Array("1".utf8))]).version)
        #expect(one.version.count == 12 && one.version.allSatisfy(\.isHexDigit))
        // The bundled version is the one the sources' files give.
        let sources = repositoryRoot.appendingPathComponent("Sources/PanelApp/Resources/panel")
        #expect(try assets.version == PanelAssets.load(directory: sources).version)
    }

    @Test func pageRendersTheLibraryEscaped() {
        let page = PanelPage.render(assets, settings: PanelSettings(libraryURL: "https://cdn.example/x.js?a=1&b=2"))
        #expect(page.contains("<script src=\"https://cdn.example/x.js?a=1&amp;b=2\"></script>"))
        #expect(!page.contains("{{"))
    }

    /// Shop data reaches the DOM only as text: no innerHTML, no document.write, no eval.
    @Test func scriptsNeverParseHTMLFromData() throws {
        let scripts = assets.files.filter { $0.key.hasSuffix(".js") }
        try #require(scripts.count >= 7, "the scripts did not load: \(assets.files.keys.sorted())")
        for (name, file) in scripts {
            let text = String(decoding: file.bytes, as: UTF8.self)
            for forbidden in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!text.contains(forbidden), "\(name) uses \(forbidden)")
            }
        }
    }

    @Test func contentTypes() {
        #expect(PanelAsset.contentType(forName: "app.js") == "text/javascript; charset=utf-8")
        #expect(PanelAsset.contentType(forName: "panel.css") == "text/css; charset=utf-8")
        #expect(PanelAsset.contentType(forName: "logo.svg") == "image/svg+xml")
        #expect(PanelAsset.contentType(forName: "unknown.bin") == "application/octet-stream")
    }
}
