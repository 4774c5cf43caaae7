import Foundation
import GatewayConfig

/// An iAdvize bot operator bound to one of the tenant's bots by `PUT /bots/:idOperator`.
package struct OperatorBinding: Sendable, Hashable {
    /// iAdvize's id of the bot operator, e.g. `ha-456678`.
    package var idOperator: String
    /// The bot (scenario) it runs.
    package var idBot: String
    /// The bot's name and pseudo in iAdvize; the pseudo fills `{bot}` in texts.
    package var name: String?
    package var pseudo: String?
    /// The language iAdvize gave (e.g. `fr`); used when the bot does not set one.
    package var language: String?
    /// The distribution rules iAdvize allows in transfers from this bot.
    package var distributionRules: [DistributionRule]
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        idOperator: String, idBot: String, name: String? = nil, pseudo: String? = nil, language: String? = nil,
        distributionRules: [DistributionRule] = [], createdAt: Date, updatedAt: Date
    ) {
        self.idOperator = idOperator
        self.idBot = idBot
        self.name = name
        self.pseudo = pseudo
        self.language = language
        self.distributionRules = distributionRules
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// ISO 8601 timestamps as iAdvize shows them: `2017-11-22T12:04:00Z`, whole seconds, UTC.
enum ISOTimestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    static func date(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    /// `date` without its fraction of a second, so what is written reads back equal.
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
