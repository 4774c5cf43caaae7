import Foundation
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

    @Test func versionFollowsTheContent() {
        let one = PanelAssets(pageTemplate: "<p>", files: [PanelAsset(name: "a.js", bytes: Array("1".utf8))])
        let two = PanelAssets(pageTemplate: "<p>", files: [PanelAsset(name: "a.js", bytes: Array("2".utf8))])
        #expect(one.version != two.version)
        #expect(one.version.count == 12)
        #expect(assets.version == PanelAssets.bundled.version)
    }

    @Test func pageRendersTheLibraryEscaped() {
        let page = PanelPage.render(assets, settings: PanelSettings(libraryURL: "https://cdn.example/x.js?a=1&b=2"))
        #expect(page.contains("<script src=\"https://cdn.example/x.js?a=1&amp;b=2\"></script>"))
        #expect(!page.contains("{{"))
    }

    /// Shop data reaches the DOM only as text: no innerHTML, no document.write, no eval.
    @Test func scriptsNeverParseHTMLFromData() {
        for (name, file) in assets.files where name.hasSuffix(".js") {
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
