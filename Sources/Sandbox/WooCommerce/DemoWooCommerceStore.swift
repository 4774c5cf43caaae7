import Foundation

extension WooCommerceStore {
    /// The demo shop: the demo Shopify catalog's 536 products as WooCommerce holds them (drafts,
    /// pending and private ones, variable products without a regular price, unmanaged stock,
    /// backorders, products without images or SKU), 38 categories in a tree, 26 customers
    /// (some without orders) and their orders, plus guest orders. Generated once per process.
    package static func demo() -> WooCommerceStore {
        DemoWooCommerceStore.shared
    }
}

/// Builds the demo WooCommerce shop from the demo Shopify catalog and `DemoPeople`.
enum DemoWooCommerceStore {
    static let siteURL = "https://demo-woo.example"
    static let shared = make(from: .demo())

    static func make(from catalog: ShopifyCatalog) -> WooCommerceStore {
        var usedSlugs: Set<String> = []
        var tagIDs: [String: Int] = [:]
        for (offset, tag) in Set(catalog.products.flatMap(\.tags)).sorted().enumerated() { tagIDs[tag] = 300 + offset * 2 }
        let products = catalog.products.map { product in
            makeProduct(from: product, usedSlugs: &usedSlugs, tagIDs: tagIDs)
        }
        let categories = makeCategories(products: products)
        let (customers, orders) = makeCustomersAndOrders(products: products.filter { $0.status == .publish })
        return WooCommerceStore(
            siteURL: siteURL, currency: catalog.shop.currencyCode, products: products.map(losingTitleInImport),
            categories: categories, customers: customers, orders: orders
        )
    }

    // MARK: Products

    /// Published products an import left without a title (WooCommerce saves a product with an empty
    /// name, and lists it): nothing the Desk can show, and nothing a category's count leaves out.
    /// Their orders were placed before the import and keep the old name on their lines.
    static func isUntitled(number: Int) -> Bool { number % 97 == 41 }

    private static func losingTitleInImport(_ product: WooProduct) -> WooProduct {
        let number = (product.id - 1000) / 20
        guard product.status == .publish, isUntitled(number: number) else { return product }
        var untitled = product
        untitled.name = number % 2 == 0 ? "" : "<span></span>"
        return untitled
    }

    /// WooCommerce keeps prices as typed: mostly `"49.90"`, for some products `"49.9"` or `"45"`.
    static func price(_ money: ShopifyMoney, trimmed: Bool) -> String {
        guard trimmed else { return money.moneyString }
        let text = money.decimalString
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    private static func makeProduct(from product: ShopifyProduct, usedSlugs: inout Set<String>, tagIDs: [String: Int]) -> WooProduct {
        let number = product.id - DemoCatalogGenerator.firstProductID
        var random = SeededGenerator(seed: 0x000C_0000 &+ UInt64(number) &* 0x9E37_79B9)
        let id = 1000 + number * 20
        let status: WooProductStatus
        switch product.status {
        case .active: status = .publish
        case .draft: status = number % 5 == 0 ? .pending : .draft
        case .archived: status = .private
        }
        var slug = ""
        if status == .publish || status == .private {
            let base = WordPressSlug.make(product.title)
            slug = base
            var suffix = 2
            while usedSlugs.contains(slug) {
                slug = "\(base)-\(suffix)"
                suffix += 1
            }
            usedSlugs.insert(slug)
        }
        let permalink = slug.isEmpty ? "\(siteURL)/?post_type=product&p=\(id)" : "\(siteURL)/produit/\(slug)/"
        let trimmed = number % 7 == 0
        let isVariable = product.variants.count > 1
        let first = product.variants.first
        var priceText = ""
        var regular = ""
        var sale = ""
        var onSale = false
        if isVariable {
            priceText = price(product.minVariantPrice, trimmed: trimmed)
            onSale = product.isOnSale
        } else if let first {
            priceText = price(first.price, trimmed: trimmed)
            if first.isOnSale, let compareAt = first.compareAtPrice {
                regular = price(compareAt, trimmed: trimmed)
                sale = priceText
                onSale = true
            } else {
                regular = priceText
            }
        }

        var manageStock = true
        var quantity: Int?
        var stockStatus = WooStockStatus.instock
        var backorders = "no"
        if isVariable {
            manageStock = false
            if product.isSoldOut {
                stockStatus = .outofstock
            } else if !product.variants.contains(where: { $0.inventoryQuantity > 0 }) {
                stockStatus = .onbackorder
                backorders = "notify"
            }
        } else if let first {
            if !first.availableForSale {
                stockStatus = .outofstock
                quantity = first.inventoryQuantity
            } else if first.inventoryQuantity <= 0 {
                stockStatus = .onbackorder
                backorders = "notify"
                quantity = first.inventoryQuantity
            } else if number % 4 == 0 {
                manageStock = false
            } else {
                quantity = first.inventoryQuantity
            }
        }

        var sku = first?.sku ?? ""
        if isVariable, let variantSKU = first?.sku, let dash = variantSKU.lastIndex(of: "-") {
            sku = String(variantSKU[..<dash])
        }

        var created = ISOTimestamp.unixTime(fromUTCString: product.createdAt) ?? 1_672_646_400
        let modified = max(created, ISOTimestamp.unixTime(fromUTCString: product.updatedAt) ?? created)
        if number % 10 == 3 { created -= 400 * 86_400 }  // imported from an older shop: dates out of id order

        let description = product.descriptionHtml
        var shortDescription = ""
        if number % 3 != 0, description.hasPrefix("<p>"), let end = description.range(of: "</p>") {
            shortDescription = String(description[..<end.upperBound])
        }

        let uploadsPath = String(ISOTimestamp.string(fromUnixTime: created).prefix(7)).replacingOccurrences(of: "-", with: "/")
        let imageSlug = slug.isEmpty ? WordPressSlug.make(product.title) : slug
        let images = product.images.enumerated().map { offset, image in
            WooImage(
                id: id + 10 + offset, src: "\(siteURL)/wp-content/uploads/\(uploadsPath)/\(imageSlug)-\(offset + 1).jpg",
                name: "\(imageSlug)-\(offset + 1)", alt: image.altText ?? "", dateCreated: created
            )
        }

        let attributes = isVariable ? product.options.map { WooAttribute(id: 0, name: $0.name, options: $0.values) } : []

        let rating = number % 4 == 0 ? 0 : random.int(in: 300...500)
        return WooProduct(
            id: id, name: product.title, slug: slug, permalink: permalink, type: isVariable ? "variable" : "simple",
            status: status, featured: product.tags.contains("bestseller"),
            catalogVisibility: number % 53 == 0 ? "hidden" : (number % 61 == 0 ? "search" : "visible"),
            description: description, shortDescription: shortDescription, sku: sku, price: priceText,
            regularPrice: regular, salePrice: sale, onSale: onSale,
            priceCents: isVariable ? product.minVariantPrice.cents : (first?.price.cents ?? 0),
            manageStock: manageStock, stockQuantity: quantity, stockStatus: stockStatus, backorders: backorders,
            categoryIDs: DemoWooCategories.categoryIDs(for: product, number: number),
            tags: product.tags.map { WooTag(id: tagIDs[$0] ?? 0, name: $0, slug: WordPressSlug.make($0)) },
            images: images, attributes: attributes,
            variationIDs: isVariable ? (1...product.variants.count).map { id + $0 } : [],
            dateCreated: created, dateModified: modified, totalSales: random.int(in: 0...480),
            averageRating: rating == 0 ? "0.00" : "\(rating / 100).\(rating % 100 < 10 ? "0" : "")\(rating % 100)",
            ratingCount: rating == 0 ? 0 : random.int(in: 1...40), menuOrder: number % 50 == 0 ? 1 : 0
        )
    }

    // MARK: Categories

    private static func makeCategories(products: [WooProduct]) -> [WooCategory] {
        var counts: [Int: Int] = [:]
        for product in products where product.status == .publish {
            for category in product.categoryIDs { counts[category, default: 0] += 1 }
        }
        let ids = DemoWooCategories.ids
        return DemoWooCategories.definitions.enumerated().map { offset, definition in
            let id = ids[definition.key] ?? DemoWooCategories.uncategorizedID
            let slug = definition.key == "uncategorized" ? "non-classe" : WordPressSlug.make(definition.name)
            let image: WooImage? =
                offset % 3 == 1
                ? WooImage(
                    id: 900 + offset, src: "\(siteURL)/wp-content/uploads/2023/05/categorie-\(slug.prefix(20)).jpg",
                    name: "categorie-\(slug.prefix(20))", alt: offset % 2 == 0 ? "" : HTMLText.plainText(fromHTML: definition.name),
                    dateCreated: 1_683_000_000 + offset * 3600
                ) : nil
            return WooCategory(
                id: id, name: definition.name, slug: slug, parent: definition.parent.flatMap { ids[$0] } ?? 0,
                description: definition.description, image: image, menuOrder: offset % 5 == 0 ? offset : 0, count: counts[id] ?? 0
            )
        }
    }

    // MARK: Customers and orders

    private static let firstPersonIndex = 20
    private static let customerCount = 26

    private static let paymentMethods = [
        ("stripe", "Carte bancaire"), ("paypal", "PayPal"), ("bacs", "Virement bancaire"), ("cod", "Paiement à la livraison"),
    ]

    private static let statuses = [
        "completed", "completed", "completed", "completed", "completed", "processing", "processing", "on-hold",
        "cancelled", "refunded", "pending", "failed",
    ]

    private static func makeCustomersAndOrders(products: [WooProduct]) -> ([WooCustomer], [WooOrder]) {
        var customers: [WooCustomer] = []
        var drafts: [(customerID: Int, person: DemoPerson, time: Int, seed: UInt64)] = []
        var usernames: Set<String> = []
        let people = DemoPeople.roster[firstPersonIndex..<(firstPersonIndex + customerCount)]
        for (k, person) in people.enumerated() {
            var random = SeededGenerator(seed: 0x000C_0570 &+ UInt64(k) &* 0x9E37_79B9)
            let id = 2 + k * 3 + (k > 10 ? 5 : 0)
            var username = TextFolding.fold("\(person.firstName).\(person.lastName)").filter { $0.isLetter || $0 == "." }
            if usernames.contains(username) { username += String(id) }
            usernames.insert(username)
            let billingEmail =
                k % 7 == 3
                ? "\(TextFolding.fold(person.firstName).filter(\.isLetter))@\(TextFolding.fold(person.company ?? "bureau").filter(\.isLetter)).example"
                : person.email
            let billing = WooAddress(
                firstName: person.firstName, lastName: person.lastName, company: person.company ?? "", address1: person.street,
                city: person.city, postcode: person.postcode, country: person.countryCode, email: billingEmail,
                phone: person.phone ?? ""
            )
            let shipping =
                k % 4 == 1
                ? WooAddress.empty
                : WooAddress(
                    firstName: person.firstName, lastName: person.lastName, company: "", address1: person.street, city: person.city,
                    postcode: person.postcode, country: person.countryCode, email: "", phone: ""
                )
            customers.append(
                WooCustomer(
                    id: id, email: person.email, firstName: person.firstName, lastName: person.lastName, username: username,
                    billing: billing, shipping: shipping, dateCreated: person.since, dateModified: person.since + 86_400 * (k % 30)
                ))
            let orderCount = k % 5 == 0 ? 0 : random.int(in: 1...6)
            for index in 0..<orderCount {
                let time = person.since + 7200 + random.int(in: 0..<(60_000_000))
                drafts.append((id, person, time, UInt64(k * 100 + index)))
            }
        }
        // Guest checkouts, some by registered customers who did not log in.
        for guest in 0..<8 {
            let person = DemoPeople.roster[firstPersonIndex + guest * 3]
            drafts.append((0, person, person.since + 3_000_000 + guest * 1_234_567, UInt64(9_000 + guest)))
        }
        var orders: [WooOrder] = []
        var lineItemID = 1
        for (offset, draft) in drafts.sorted(by: { ($0.time, $0.customerID) < ($1.time, $1.customerID) }).enumerated() {
            var random = SeededGenerator(seed: 0x0D0E_0000 &+ draft.seed)
            let id = 20_000 + offset * 7
            var items: [WooLineItem] = []
            for _ in 0..<random.int(in: 1...3) where !products.isEmpty {
                let product = products[random.int(in: 0..<products.count)]
                items.append(
                    WooLineItem(
                        id: lineItemID, name: HTMLText.plainText(fromHTML: product.name), productID: product.id,
                        quantity: random.int(in: 1...3), sku: product.sku, unitCents: product.priceCents
                    ))
                lineItemID += 1
            }
            let person = draft.person
            var billing = WooAddress(
                firstName: person.firstName, lastName: person.lastName, company: person.company ?? "", address1: person.street,
                city: person.city, postcode: person.postcode, country: person.countryCode, email: person.email,
                phone: person.phone ?? ""
            )
            if draft.customerID == 0 { billing.email = person.email.lowercased() }
            let payment = paymentMethods[random.int(in: 0..<paymentMethods.count)]
            orders.append(
                WooOrder(
                    id: id, number: String(id), status: statuses[random.int(in: 0..<statuses.count)], currency: "EUR",
                    dateCreated: draft.time, dateModified: draft.time + random.int(in: 60...400_000), customerID: draft.customerID,
                    billing: billing, shipping: billing, paymentMethod: payment.0, paymentMethodTitle: payment.1,
                    shippingCents: random.chance(0.3) ? 0 : 490, lineItems: items
                ))
        }
        return (customers, orders)
    }
}
