import Bot
import GatewayConfig
import Testing

/// What the bot says fits iAdvize's limits in every language, whatever it echoes.
@Suite struct BotTextsTests {
    @Test(arguments: BotLanguage.allCases)
    func everyTextFitsInAMessageWithTheLongestEchoes(_ language: BotLanguage) {
        let texts = BotTexts.defaults(for: language)
        let hugeQuery = String(repeating: "très*long_[query] ", count: 300)
        let hugeName = String(repeating: "Bot 🤖 ", count: 300)
        for key in BotTexts.Key.allCases {
            #expect(!texts[key].isEmpty, "\(language) \(key)")
            let message = texts.message(key, query: hugeQuery, bot: hugeName)
            #expect(message.utf16.count <= MessageText.maxMessageLength, "\(language) \(key)")
            #expect(!message.contains("{query}") && !message.contains("{bot}"), "\(language) \(key)")
            if key.isLabel { #expect(texts[key].count <= 30, "\(language) \(key)") }
        }
    }

    @Test func languagesDiffer() {
        let english = BotTexts.defaults(for: .en)
        let french = BotTexts.defaults(for: .fr)
        for key in BotTexts.Key.allCases {
            #expect(english[key] != french[key], "\(key)")
        }
        #expect(french[.talkToAdvisor] == "Parler à un conseiller")
    }

    @Test func echoedTextIsEscapedAndCut() {
        let texts = BotTexts.defaults(for: .en)
        #expect(texts.message(.results, query: "*bold* [link](x)") == "Here is what I found for “\\*bold\\* \\[link\\](x)”:")
        let cut = texts.message(.noResults, query: String(repeating: "a", count: 500))
        #expect(cut.contains(String(repeating: "a", count: 59) + "…"))
    }

    @Test func overridesReplaceOnlyTheirKey() {
        let texts = BotTexts.defaults(for: .fr).overriding([.greeting: "Salut {bot} !"])
        #expect(texts.message(.greeting, bot: "Botty") == "Salut Botty !")
        #expect(texts[.showMore] == "Voir plus")
    }

    @Test func cuttingKeepsWholeCharactersAndTheLimit() {
        let emoji = String(repeating: "👩‍👩‍👧‍👦", count: 200)
        let cut = MessageText.cut(emoji, to: 450)
        #expect(cut.utf16.count <= 450)
        #expect(cut.hasSuffix("…"))
        #expect(cut.dropLast().allSatisfy { $0 == "👩‍👩‍👧‍👦" })
        #expect(MessageText.cut("short", to: 450) == "short")
        let words = MessageText.cut(String(repeating: "word ", count: 200), to: 450)
        #expect(words.hasSuffix("word…") && words.utf16.count <= 450)
    }
}
