import GatewayConfig
import Mapping

/// One element of the `replies` iAdvize plays in the visitor's chat, in order.
package enum BotReply: Sendable, Hashable {
    /// A pause before the next reply.
    case await(milliseconds: Int)
    /// A message, with the quick replies offered under it.
    case message(BotPayload, quickReplies: [String])
    /// A hand-over to the agents of a distribution rule; iAdvize goes on with the next replies only
    /// when no agent took the conversation within `timeout`.
    case transfer(distributionRule: String, timeout: Duration)
    /// Ends the conversation.
    case close

    /// The text of a text message; nil for other replies.
    package var text: String? {
        if case .message(.text(let text), _) = self { return text }
        return nil
    }

    package var quickReplies: [String] {
        if case .message(_, let quickReplies) = self { return quickReplies }
        return []
    }

    /// The offers of a product carousel; nil for other replies.
    package var offers: [ProductOffer]? {
        if case .message(.productOffers(let offers), _) = self { return offers }
        return nil
    }
}

/// What a message shows: Markdown text, or a carousel of product offers.
package enum BotPayload: Sendable, Hashable {
    case text(String)
    /// `bundle/product-offer`.
    case productOffers([ProductOffer])
}

/// A `product-offer` of a carousel.
package struct ProductOffer: Sendable, Hashable {
    package var name: String
    /// The price before any offer (required by iAdvize).
    package var price: String
    /// The price with the offer, when the product is on sale.
    package var offerPrice: String?
    package var description: String?
    package var imageURL: String?
    /// AVAILABLE / UNAVAILABLE; nil when the shop does not say.
    package var available: Bool?
    /// The product page, opened by the offer's LINK action.
    package var url: String
    /// The LINK action's name ("See the product").
    package var linkName: String

    package init(
        name: String, price: String, offerPrice: String? = nil, description: String? = nil, imageURL: String? = nil,
        available: Bool? = nil, url: String, linkName: String
    ) {
        self.name = name
        self.price = price
        self.offerPrice = offerPrice
        self.description = description
        self.imageURL = imageURL
        self.available = available
        self.url = url
        self.linkName = linkName
    }
}

/// The JSON iAdvize expects for bot objects.
enum BotJSON {
    static func reply(_ reply: BotReply) -> JSON {
        var object = JSONObject()
        switch reply {
        case .await(let milliseconds):
            object.append(key: "type", value: "await")
            object.append(key: "duration", value: duration(milliseconds: milliseconds))
        case .message(let payload, let quickReplies):
            object.append(key: "type", value: "message")
            object.append(key: "payload", value: self.payload(payload))
            object.append(key: "quickReplies", value: .array(quickReplies.map(quickReply)))
        case .transfer(let rule, let timeout):
            object.append(key: "type", value: "transfer")
            object.append(key: "distributionRule", value: .string(rule))
            object.append(key: "transferOptions", value: ["timeout": duration(milliseconds: Int(timeout / .milliseconds(1)))])
        case .close:
            object.append(key: "type", value: "close")
        }
        return .object(object)
    }

    /// `{value, unit}` in seconds when whole, in milliseconds otherwise.
    static func duration(milliseconds: Int) -> JSON {
        if milliseconds % 1000 == 0 {
            return ["value": .number(Double(milliseconds / 1000)), "unit": "seconds"]
        }
        return ["value": .number(Double(milliseconds)), "unit": "millis"]
    }

    static func payload(_ payload: BotPayload) -> JSON {
        switch payload {
        case .text(let text):
            return ["contentType": "text", "value": .string(text)]
        case .productOffers(let offers):
            return ["contentType": "bundle/product-offer", "offers": .array(offers.map(offer))]
        }
    }

    static func offer(_ offer: ProductOffer) -> JSON {
        var object = JSONObject()
        object.append(key: "contentType", value: "product-offer")
        object.append(key: "name", value: .string(offer.name))
        object.append(key: "price", value: .string(offer.price))
        if let offerPrice = offer.offerPrice { object.append(key: "offerPrice", value: .string(offerPrice)) }
        if let description = offer.description { object.append(key: "description", value: .string(description)) }
        if let image = offer.imageURL {
            object.append(key: "image", value: ["url": .string(image), "description": .string(offer.name)])
        }
        if let available = offer.available {
            object.append(key: "availability", value: ["status": available ? "AVAILABLE" : "UNAVAILABLE"])
        }
        object.append(key: "actions", value: [["type": "LINK", "name": .string(offer.linkName), "url": .string(offer.url)]])
        return .object(object)
    }

    static func quickReply(_ value: String) -> JSON {
        ["contentType": "text/quick-reply", "value": .string(value)]
    }

    static func distributionRule(_ rule: DistributionRule) -> JSON {
        var object = JSONObject()
        object.append(key: "id", value: .string(rule.id))
        if let label = rule.label { object.append(key: "label", value: .string(label)) }
        return .object(object)
    }
}
