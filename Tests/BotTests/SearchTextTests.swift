import GatewayConfig
import Testing

@testable import Bot

/// How visitor messages become search words and intents.
@Suite struct SearchTextTests {
    @Test(arguments: [
        ("Hello, I'm looking for some matcha please!", BotLanguage.en, "matcha"),
        ("  Do you have RED dresses?\n", .en, "RED dresses"),
        ("I want the running shoes", .en, "running shoes"),
        ("Bonjour, je cherche une écharpe en cachemire svp", .fr, "écharpe cachemire"),
        ("Avez-vous du thé vert ?", .fr, "thé vert"),
        ("l'écharpe d'été", .fr, "écharpe été"),
        ("Je voudrais l’écharpe", .fr, "écharpe"),
        ("t-shirt bio, col rond…", .fr, "t-shirt bio col rond"),
        ("抹茶 Matcha", .en, "抹茶 Matcha"),
        ("lunettes 😎", .fr, "lunettes 😎"),
        ("\"quoted\" (words) [here]", .en, "quoted words here"),
    ])
    func messagesBecomeSearchWords(_ message: String, _ language: BotLanguage, _ expected: String) {
        #expect(SearchText.query(from: message, language: language) == expected)
    }

    @Test func fillerOnlyMessagesHaveNothingToSearch() {
        #expect(SearchText.query(from: "Hello! Can you help me please?", language: .en) == nil)
        #expect(SearchText.query(from: "Bonjour, pouvez-vous m'aider ?", language: .fr) == nil)
        #expect(SearchText.query(from: "   \n\t ", language: .en) == nil)
        #expect(SearchText.query(from: "?!…", language: .fr) == nil)
    }

    @Test func pluralsHaveASingularForm() {
        #expect(SearchText.singular(of: "RED dresses", language: .en) == "RED dress")
        #expect(SearchText.singular(of: "running shoes", language: .en) == "running shoe")
        #expect(SearchText.singular(of: "berries boxes", language: .en) == "berry box")
        #expect(SearchText.singular(of: "glass dress tea", language: .en) == nil)
        #expect(SearchText.singular(of: "écharpes chapeaux", language: .fr) == "écharpe chapeau")
        #expect(SearchText.singular(of: "thé vert", language: .fr) == nil)
    }

    @Test func theFrenchTeaIsNotTheEnglishArticle() {
        #expect(SearchText.query(from: "the thé", language: .en) == "thé")
    }

    @Test func longMessagesAreCutToAFewWords() throws {
        let long = String(repeating: "wooden chair table lamp ", count: 2_000)
        let query = try #require(SearchText.query(from: long, language: .en))
        #expect(query.split(separator: " ").count == 8)
        #expect(query.count <= 100)
        let oneWord = String(repeating: "x", count: 5_000)
        #expect(SearchText.query(from: oneWord, language: .en)?.count == 100)
    }

    func intent(_ text: String, _ language: BotLanguage = .en, extra: [String] = []) -> VisitorIntent {
        IntentReader(language: language, texts: BotTexts.defaults(for: language), extraHandoverWords: extra).intent(of: text)
    }

    @Test func humansAreAskedForInTheBotsLanguageWhateverTheCaseAndAccents() {
        #expect(intent("Talk to an advisor") == .human)
        #expect(intent("TALK TO AN ADVISOR!!") == .human)
        #expect(intent("I need a human") == .human)
        #expect(intent("can i speak to customer service") == .human)
        #expect(intent("Parler à un conseiller", .fr) == .human)
        #expect(intent("parler a un CONSEILLER", .fr) == .human)
        #expect(intent("Je veux une conseillère", .fr) == .human)
        #expect(intent("un HUMAIN", .fr) == .human)
        #expect(intent("l'agent svp", .fr) == .human)
        #expect(intent("conseiller", .en) == .search("conseiller"))
        #expect(intent("service desk", .en, extra: ["Service Desk"]) == .human)
        #expect(intent("advisory board game", .en) == .search("advisory board game"), "whole words only")
    }

    @Test func quickRepliesAndShortcuts() {
        #expect(intent("Show more") == .showMore)
        #expect(intent("more") == .showMore)
        #expect(intent("Voir plus", .fr) == .showMore)
        #expect(intent("d'autres ?", .fr) == .showMore)
        #expect(intent("Try again") == .retry)
        #expect(intent("Réessayer", .fr) == .retry)
        #expect(intent("more lamps") == .search("more lamps"), "only the whole message is a shortcut")
        #expect(intent("hello") == .nothingToSearch)
    }
}

/// Markdown specials are escaped code point by code point: a `*` or `_` carrying a combining mark
/// or a joiner is one Character, but still markup to a renderer.
@Suite struct MarkdownEscapingTests {
    @Test(arguments: ["*\u{301}bold*\u{301}", "_\u{200D}x_", "[link](javascript:x)", "`code`\u{FE0F}", "a\\\u{301}*b"])
    func everySpecialCodePointIsEscaped(text: String) {
        let escaped = Array(MessageText.markdownEscaped(text).unicodeScalars)
        let specials: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "~", "|", "#"]
        var index = 0
        var unescaped: [Unicode.Scalar] = []
        while index < escaped.count {
            if escaped[index] == "\\" {
                #expect(index + 1 < escaped.count && specials.contains(escaped[index + 1]), "\(text.debugDescription)")
                if index + 1 < escaped.count { unescaped.append(escaped[index + 1]) }
                index += 2
            } else {
                #expect(!specials.contains(escaped[index]), "unescaped \(escaped[index]) in \(text.debugDescription)")
                unescaped.append(escaped[index])
                index += 1
            }
        }
        #expect(unescaped == Array(text.unicodeScalars))
    }
}
