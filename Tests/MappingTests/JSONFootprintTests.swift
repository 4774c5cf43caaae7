import Testing

@testable import Mapping

/// The estimate caches charge for a parsed upstream answer.
@Suite struct JSONFootprintTests {
    @Test func scalarsAndShortStringsHoldNoHeap() {
        #expect(JSON.null.heapFootprint == 0)
        #expect(JSON.number(12.5).heapFootprint == 0)
        #expect(JSON.string("fifteen bytes!!").heapFootprint == 0)
        // 32-byte header, 100 bytes and a terminating zero, plus malloc's 8, rounded to 16.
        #expect(JSON.string(String(repeating: "x", count: 100)).heapFootprint == 144)
    }

    @Test func containersCountTheirCapacityAndEverythingInside() throws {
        let long = String(repeating: "é", count: 20)  // 40 UTF-8 bytes: a storage object
        var elements: [JSON] = []
        elements.reserveCapacity(8)
        elements += [.string(long), .number(1)]
        let array = JSON.array(elements)
        // The capacity asked for, or more when malloc's block is larger (it varies with the heap's state).
        #expect(elements.capacity >= 8)
        let storage = JSONFootprint.allocation(32 + elements.capacity * MemoryLayout<JSON>.stride)
        #expect(array.heapFootprint == storage + JSONFootprint.allocation(32 + 41))
        let object = JSON.object(["list": array, "name": .string(long)])
        #expect(object.heapFootprint > array.heapFootprint + JSONFootprint.allocation(32 + 41))
    }

    @Test func aParsedCatalogPageWeighsSeveralTimesItsText() throws {
        let products = (0..<50).map { index in
            #"{"id":"gid://shopify/Product/\#(1000 + index)","title":"Robe d'été en lin numéro \#(index)","status":"ACTIVE","#
                + #""featuredImage":{"url":"https://cdn.example.com/files/robe-\#(index).jpg?v=1700000000"},"#
                + #""variants":{"nodes":[{"price":"49.90","compareAtPrice":"59.90","availableForSale":true}]}}"#
        }
        let text = #"{"data":{"products":{"nodes":[\#(products.joined(separator: ","))]}}}"#
        let parsed = try JSON(parsing: Array(text.utf8))
        let ratio = Double(parsed.heapFootprint) / Double(text.utf8.count)
        #expect(ratio > 1.5 && ratio < 8, "footprint \(parsed.heapFootprint) B for \(text.utf8.count) B of text")
        // Objects of 40 keys and more also keep an index.
        let wide = JSONObject((0..<50).map { (key: "key\($0)", value: JSON.number(Double($0))) })
        let narrow = JSONObject((0..<39).map { (key: "key\($0)", value: JSON.number(Double($0))) })
        #expect(wide.index != nil && narrow.index == nil)
        #expect(wide.heapFootprint > narrow.heapFootprint * 2)
    }
}
