/// How a simulated HubSpot portal behaves: its private app token, its rate limits and its data.
package struct HubSpotSimulatorConfiguration: Sendable {
    /// The only token accepted in `Authorization: Bearer …`.
    package var accessToken: String
    package var data: HubSpotData
    /// Requests per rolling window for everything but search (HubSpot: 100 per 10 s for a
    /// private app on the free and starter tiers).
    package var burstLimit: Int
    package var burstWindow: Duration
    /// Requests per rolling window for the search endpoints (HubSpot: 5 per second).
    package var searchLimit: Int
    package var searchWindow: Duration
    /// Requests per day (reset at midnight UTC).
    package var dailyLimit: Int
    /// Tickets created through the API that are kept (the oldest are forgotten).
    package var createdTicketLimit: Int
    /// How many requests `HubSpotSimulator.requests` keeps.
    package var requestLogLimit: Int

    package static let demoAccessToken = "pat-demo"

    package init(
        accessToken: String = HubSpotSimulatorConfiguration.demoAccessToken, data: HubSpotData = .demo(),
        burstLimit: Int = 100, burstWindow: Duration = .seconds(10), searchLimit: Int = 5,
        searchWindow: Duration = .seconds(1), dailyLimit: Int = 500_000, createdTicketLimit: Int = 1000,
        requestLogLimit: Int = 500
    ) {
        self.accessToken = accessToken
        self.data = data
        self.burstLimit = burstLimit
        self.burstWindow = burstWindow
        self.searchLimit = searchLimit
        self.searchWindow = searchWindow
        self.dailyLimit = dailyLimit
        self.createdTicketLimit = createdTicketLimit
        self.requestLogLimit = requestLogLimit
    }
}
