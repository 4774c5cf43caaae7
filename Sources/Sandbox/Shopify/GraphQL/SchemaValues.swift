/// Small values the GraphQL object types read, built by resolvers from catalog data.
struct MoneyValue: Sendable {
    let amount: ShopifyMoney
    let currencyCode: String
}

struct PriceRangeValue: Sendable {
    let low: MoneyValue
    let high: MoneyValue
}

struct CountValue: Sendable {
    let count: Int
    let precision: String
}

struct DomainValue: Sendable {
    let id: Int
    let url: String
    let host: String
}
