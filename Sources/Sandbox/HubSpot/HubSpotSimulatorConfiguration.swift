/// How a simulated HubSpot portal behaves: its private app token, its rate limits and its data.
public struct HubSpotSimulatorConfiguration: Sendable {
    /// The only token accepted in `Authorization: Bearer …`.
    public var accessToken: String
    public var data: HubSpotData
    /// Requests per rolling window for everything but search (HubSpot: 100 per 10 s for a
    /// private app on the free and starter tiers).
    public var burstLimit: Int
    public var burstWindow: Duration
    /// Requests per rolling window for the search endpoints (HubSpot: 5 per second).
    public var searchLimit: Int
    public var searchWindow: Duration
    /// Requests per day (reset at midnight UTC).
    public var dailyLimit: Int
    /// Tickets created through the API that are kept (the oldest are forgotten).
    public var createdTicketLimit: Int
    /// How many requests `HubSpotSimulator.requests` keeps.
    public var requestLogLimit: Int

    public static let demoAccessToken = "pat-demo"

    public init(
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
