import Adapters
import FuzzSupport

/// RFC 8288 `Link` headers, which an upstream controls: any header value yields a next-page URL
/// or none, never a crash, and the URL is always text taken from inside the header's `<…>`.
@main enum FuzzLinkHeader {
    static func main() {
        FuzzHarness.run(corpus: FuzzHarness.seedCorpus("link-header")) { bytes in
            let header = String(decoding: bytes, as: UTF8.self)
            for relation in ["next", "previous"] {
                guard let url = LinkHeader.url(in: header, relation: relation) else { continue }
                let bracketed = Array("<\(url)>".utf8)
                let headerBytes = Array(header.utf8)
                let found = headerBytes.indices.contains { headerBytes[$0...].starts(with: bracketed) }
                precondition(found, "a URL that was not between < and >: \(url)")
            }
        }
    }
}
