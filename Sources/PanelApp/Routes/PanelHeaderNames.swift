import HTTPTypes

/// Header names HTTPTypes does not predefine.
enum PanelHeaderNames {
    // A valid token literal: the initializer only fails on characters a header name cannot hold.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
