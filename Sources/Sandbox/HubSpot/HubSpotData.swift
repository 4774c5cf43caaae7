/// The records of a simulated HubSpot portal: contacts, owners, ticket pipelines and the tickets
/// present at start. Public so tests elsewhere can compute the answers they expect.
public struct HubSpotData: Sendable, Hashable {
    /// Ascending id.
    public var contacts: [HubSpotContact]
    public var owners: [HubSpotOwner]
    public var pipelines: [HubSpotPipeline]
    /// Tickets that exist before any request (tickets created later are kept by the simulator).
    public var tickets: [HubSpotTicket]

    public init(contacts: [HubSpotContact], owners: [HubSpotOwner], pipelines: [HubSpotPipeline], tickets: [HubSpotTicket]) {
        self.contacts = contacts.sorted { $0.id < $1.id }
        self.owners = owners
        self.pipelines = pipelines
        self.tickets = tickets.sorted { $0.id < $1.id }
    }

    /// Contacts whose email matches, ignoring case (as an `EQ` filter on `email` does).
    public func contacts(withEmail email: String) -> [HubSpotContact] {
        let lowered = email.lowercased()
        return contacts.filter { $0.properties["email"]?.lowercased() == lowered }
    }

    /// The stage ids whose `ticketState` is OPEN, across pipelines.
    public var openStageIDs: Set<String> {
        Set(pipelines.flatMap(\.stages).filter(\.isOpen).map(\.id))
    }
}

/// A contact: its stored property values, all strings as HubSpot sends them. A property without
/// a value is absent here and `null` in answers. `num_open_tickets` is not stored: the simulator
/// computes it from the tickets.
public struct HubSpotContact: Sendable, Hashable {
    public var id: Int
    public var properties: [String: String]
    /// Unix milliseconds.
    public var createdAt: Int
    public var updatedAt: Int

    public init(id: Int, properties: [String: String], createdAt: Int, updatedAt: Int) {
        self.id = id
        self.properties = properties
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct HubSpotOwner: Sendable, Hashable {
    /// Numeric, sent as a string (`"41629779"`); `hubspot_owner_id` refers to it.
    public var id: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var userID: Int
    public var teamName: String?
    public var archived: Bool

    public init(id: String, email: String, firstName: String, lastName: String, userID: Int, teamName: String?, archived: Bool) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.userID = userID
        self.teamName = teamName
        self.archived = archived
    }
}

public struct HubSpotPipeline: Sendable, Hashable {
    public var id: String
    public var label: String
    public var displayOrder: Int
    public var stages: [HubSpotStage]

    public init(id: String, label: String, displayOrder: Int, stages: [HubSpotStage]) {
        self.id = id
        self.label = label
        self.displayOrder = displayOrder
        self.stages = stages
    }
}

public struct HubSpotStage: Sendable, Hashable {
    public var id: String
    public var label: String
    public var displayOrder: Int
    /// `metadata.ticketState`: OPEN or CLOSED.
    public var isOpen: Bool

    public init(id: String, label: String, displayOrder: Int, isOpen: Bool) {
        self.id = id
        self.label = label
        self.displayOrder = displayOrder
        self.isOpen = isOpen
    }
}

public struct HubSpotTicket: Sendable, Hashable {
    public var id: Int
    /// Includes `subject`, `content`, `hs_pipeline`, `hs_pipeline_stage`…
    public var properties: [String: String]
    public var contactIDs: [Int]
    /// Unix milliseconds.
    public var createdAt: Int
    public var updatedAt: Int

    public init(id: Int, properties: [String: String], contactIDs: [Int], createdAt: Int, updatedAt: Int) {
        self.id = id
        self.properties = properties
        self.contactIDs = contactIDs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
