import Mapping
import Testing

@testable import Bot

/// Replies are encoded exactly as iAdvize documents them.
@Suite struct BotReplyJSONTests {
    func text(_ reply: BotReply) -> String { BotJSON.reply(reply).jsonText }

    @Test func everyReplyType() {
        #expect(text(.await(milliseconds: 2000)) == #"{"type":"await","duration":{"value":2,"unit":"seconds"}}"#)
        #expect(text(.await(milliseconds: 1500)) == #"{"type":"await","duration":{"value":1500,"unit":"millis"}}"#)
        #expect(text(.close) == #"{"type":"close"}"#)
        #expect(
            text(.transfer(distributionRule: "ef4670c3-d715-4a21-8226-ed17f354fc44", timeout: .seconds(20)))
                == #"{"type":"transfer","distributionRule":"ef4670c3-d715-4a21-8226-ed17f354fc44","transferOptions":{"timeout":{"value":20,"unit":"seconds"}}}"#
        )
        #expect(
            text(.message(.text("Hi *there*"), quickReplies: ["Yes", "No"]))
                == #"{"type":"message","payload":{"contentType":"text","value":"Hi *there*"},"quickReplies":[{"contentType":"text/quick-reply","value":"Yes"},{"contentType":"text/quick-reply","value":"No"}]}"#
        )
    }

    @Test func productOffers() {
        let full = ProductOffer(
            name: "Samsung Frame", price: "€1,499.99", offerPrice: "€1,299.99", description: "A TV", imageURL: "https://img.example/tv.jpg",
            available: true, url: "https://shop.example/tv", linkName: "See the product")
        let bare = ProductOffer(name: "Mug", price: "9 €", url: "https://shop.example/mug", linkName: "Voir le produit")
        #expect(
            text(.message(.productOffers([full, bare]), quickReplies: []))
                == #"{"type":"message","payload":{"contentType":"bundle/product-offer","offers":["#
                + #"{"contentType":"product-offer","name":"Samsung Frame","price":"€1,499.99","offerPrice":"€1,299.99","description":"A TV","image":{"url":"https://img.example/tv.jpg","description":"Samsung Frame"},"availability":{"status":"AVAILABLE"},"actions":[{"type":"LINK","name":"See the product","url":"https://shop.example/tv"}]},"#
                + #"{"contentType":"product-offer","name":"Mug","price":"9 €","actions":[{"type":"LINK","name":"Voir le produit","url":"https://shop.example/mug"}]}"#
                + #"]},"quickReplies":[]}"#)
        var unavailable = bare
        unavailable.available = false
        #expect(BotJSON.offer(unavailable)["availability"] == ["status": "UNAVAILABLE"])
    }
}
