extension ShopifyCustomer {
    /// The demo store's 44 customers, in ascending id order: mixed-case emails, two phone-only
    /// customers, one without a name, two homonyms, customers without orders, notes and tags.
    /// Generated once per process; every call returns the same value.
    package static func demoCustomers() -> [ShopifyCustomer] {
        DemoShopifyCustomers.shared
    }
}

/// Builds the demo customers from `DemoPeople`, each from its own seeded generator.
enum DemoShopifyCustomers {
    static let count = 44
    static let firstCustomerID = 7_100_000_000
    private static let lastOrderTime = 1_763_251_200  // 2025-11-16T00:00:00Z

    static let shared: [ShopifyCustomer] = make()

    private static let notes = [
        "Client fidèle, préfère la livraison en point relais.",
        "A signalé un colis abîmé en mars ; remboursement effectué.",
        "Ne pas appeler avant 10h.",
        "VIP 🎉 — offrir la livraison express.",
        "Allergique aux noix.\nLivraison le samedi uniquement.",
        "Revendeur : facture avec TVA intracommunautaire.",
    ]

    private static let tagPool = [
        "VIP", "newsletter", "B2B", "wholesale", "à relancer", "retour en cours", "fidélité-or", "Black Friday 2024",
    ]

    private static func make() -> [ShopifyCustomer] {
        let people = DemoPeople.roster.prefix(count)
        // Orders are numbered in the order they were placed, across customers.
        var drafts: [(customer: Int, time: Int, cents: Int, status: Int)] = []
        var customers: [ShopifyCustomer] = []
        for person in people {
            var random = SeededGenerator(seed: 0x5C05_7000 &+ UInt64(person.index) &* 0x2545_F491)
            let id = firstCustomerID + 1000 + person.index * 137
            let orderCount: Int
            switch person.index % 6 {
            case 0: orderCount = 0
            case 5 where person.index % 4 == 1: orderCount = random.int(in: 14...22)
            default: orderCount = random.int(in: 1...7)
            }
            let span = max(86_400, lastOrderTime - person.since)
            for _ in 0..<orderCount {
                let time = person.since + 3600 + random.int(in: 0..<span)
                let cents =
                    [990, 1490, 2490, 3990, 5480, 7900, 12_990, 24_900, 89_900][random.int(in: 0..<9)]
                    + random.int(in: 0...4) * 500
                drafts.append((id, time, cents, random.int(in: 0..<20)))
            }
            let phoneOnly = person.index == 13 || person.index == 29
            let nameless = person.index == 41
            var tags: Set<String> = []
            if random.chance(0.35) { tags.insert(random.pick(tagPool)) }
            if random.chance(0.2) { tags.insert(random.pick(tagPool)) }
            let address: ShopifyAddress? =
                person.index % 9 == 4
                ? nil
                : ShopifyAddress(
                    id: 9_200_000_000 + person.index * 11, firstName: nameless ? nil : person.firstName,
                    lastName: nameless ? nil : person.lastName, company: person.company, address1: person.street,
                    city: person.city, zip: person.postcode, country: person.country, countryCode: person.countryCode,
                    phone: person.phone.map(e164)
                )
            let state = phoneOnly ? "DISABLED" : (person.index % 17 == 8 ? "INVITED" : "ENABLED")
            customers.append(
                ShopifyCustomer(
                    id: id, firstName: nameless ? nil : person.firstName, lastName: nameless ? nil : person.lastName,
                    email: phoneOnly ? nil : person.email,
                    phone: phoneOnly ? e164(person.phone ?? "+33 6 00 00 00 \(10 + person.index)") : person.phone.map(e164),
                    tags: tags.sorted { $0.lowercased() < $1.lowercased() },
                    note: person.index % 7 == 2 ? notes[(person.index / 7) % notes.count] : nil,
                    state: state, verifiedEmail: !phoneOnly && person.index % 8 != 3,
                    createdAt: ISOTimestamp.string(fromUnixTime: person.since),
                    updatedAt: ISOTimestamp.string(fromUnixTime: person.since + 86_400 * (1 + person.index % 40)),
                    defaultAddress: address, orders: []
                ))
        }
        let statuses = [
            "PAID", "PAID", "PAID", "PAID", "PAID", "PAID", "PAID", "PAID", "PAID", "PAID", "PAID", "PAID",
            "PAID", "PAID", "REFUNDED", "PARTIALLY_REFUNDED", "PENDING", "PAID", "PAID", "PAID",
        ]
        var ordersByCustomer: [Int: [ShopifyOrder]] = [:]
        for (offset, draft) in drafts.sorted(by: { ($0.time, $0.customer) < ($1.time, $1.customer) }).enumerated() {
            let status = statuses[draft.status]
            ordersByCustomer[draft.customer, default: []].append(
                ShopifyOrder(
                    id: 5_600_000_000 + offset * 13 + 7, name: "#\(1001 + offset)", customerID: draft.customer,
                    createdAt: ISOTimestamp.string(fromUnixTime: draft.time), totalPrice: ShopifyMoney(cents: draft.cents),
                    financialStatus: status,
                    fulfillmentStatus: status == "PENDING" ? "UNFULFILLED" : (draft.status == 18 ? "PARTIALLY_FULFILLED" : "FULFILLED")
                ))
        }
        return customers.map { customer in
            var customer = customer
            customer.orders = ordersByCustomer[customer.id] ?? []
            return customer
        }
    }

    /// The E.164 form Shopify stores: digits with the country code (`06 12…` → `+33612…`).
    static func e164(_ phone: String) -> String {
        let digits = phone.filter(\.isNumber)
        if phone.hasPrefix("+") { return "+" + digits }
        if digits.hasPrefix("0") { return "+33" + digits.dropFirst() }
        return "+" + digits
    }
}
