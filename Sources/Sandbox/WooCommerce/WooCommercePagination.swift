/// WordPress REST collection paging: `page`/`per_page`/`offset` select the slice; `X-WP-Total`,
/// `X-WP-TotalPages` and one `Link` header (`<…>; rel="prev", <…>; rel="next"`) describe it.
/// A page past the end is an empty array with the totals, as WooCommerce answers.
struct WooCommercePage {
    let start: Int
    let end: Int
    let headers: [(String, String)]

    /// - Parameters:
    ///   - collectionURL: the collection's absolute URL without query (`http://host/wp-json/wc/v3/products`).
    init(total: Int, perPage: Int, page: Int, offset: Int?, request: SimulatedRequest, collectionURL: String) {
        let first = offset ?? (page - 1) * perPage
        start = min(max(0, first), total)
        end = min(total, start + perPage)
        let maxPages = perPage > 0 ? (total + perPage - 1) / perPage : 0
        var headers = [("X-WP-Total", String(total)), ("X-WP-TotalPages", String(maxPages))]
        var links: [String] = []
        // add_query_arg: the request's own parameters, with `page` replaced where it stands or appended.
        func url(page target: Int) -> String {
            var items = request.query
            if let index = items.firstIndex(where: { $0.name == "page" }) {
                items[index].value = String(target)
            } else {
                items.append(("page", String(target)))
            }
            return "\(collectionURL)?\(QueryString.serialize(items, spaceAsPlus: true))"
        }
        if page > 1 {
            links.append("<\(url(page: min(page - 1, maxPages)))>; rel=\"prev\"")
        }
        if maxPages > page {
            links.append("<\(url(page: page + 1))>; rel=\"next\"")
        }
        if !links.isEmpty { headers.append(("Link", links.joined(separator: ", "))) }
        self.headers = headers
    }
}
