import Crypto
import Foundation

/// One file of the panel's web app (a script, the style sheet), held in memory with what the
/// server needs to send it: its content type and an entity tag of its bytes.
package struct PanelAsset: Sendable, Hashable {
    package let name: String
    package let bytes: [UInt8]
    package let contentType: String
    /// A strong entity tag: the first 16 hex digits of the SHA-256 of the bytes, quoted.
    package let entityTag: String

    package init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        contentType = Self.contentType(forName: name)
        entityTag = "\"\(Self.digest(bytes).prefix(16))\""
    }

    /// The content type of a file name, by its extension; JavaScript modules need a JavaScript
    /// MIME type or the browser refuses to run them.
    package static func contentType(forName name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "html": "text/html; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }

    /// Lowercase hex SHA-256.
    static func digest(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
