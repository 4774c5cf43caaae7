/// Reads RFC 8288 `Link` headers: `<https://…?page_info=abc>; rel="next", <…>; rel="previous"`.
package enum LinkHeader {
    /// The URL of the link with relation `relation` (e.g. `next`), if any.
    package static func url(in header: String, relation: String) -> String? {
        for link in splitLinks(header) {
            guard let open = link.firstIndex(of: "<"), let close = link[open...].firstIndex(of: ">") else { continue }
            let url = String(link[link.index(after: open)..<close])
            let parameters = link[link.index(after: close)...].split(separator: ";")
            for parameter in parameters {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingWhitespace() == "rel" else { continue }
                let relations = pair[1].trimmingWhitespace().trimmingQuotes().split(separator: " ")
                if relations.contains(where: { $0.lowercased() == relation }) { return url }
            }
        }
        return nil
    }

    /// Splits on the commas between links, not on commas inside `<…>`.
    private static func splitLinks(_ header: String) -> [Substring] {
        var links: [Substring] = []
        var start = header.startIndex
        var insideURL = false
        for index in header.indices {
            switch header[index] {
            case "<": insideURL = true
            case ">": insideURL = false
            case "," where !insideURL:
                links.append(header[start..<index])
                start = header.index(after: index)
            default: break
            }
        }
        links.append(header[start...])
        return links
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var trimmed = self
        while let first = trimmed.first, first == " " || first == "\t" { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed
    }

    fileprivate func trimmingQuotes() -> Substring {
        guard count >= 2, first == "\"", last == "\"" else { return self }
        return dropFirst().dropLast()
    }
}
