/// The records of a simulated HubSpot portal: contacts, owners, ticket pipelines and the tickets
/// present at start. Public so tests elsewhere can compute the answers they expect.
package struct HubSpotData: Sendable, Hashable {
    /// Ascending id.
    package var contacts: [HubSpotContact]
    package var owners: [HubSpotOwner]
    package var pipelines: [HubSpotPipeline]
    /// Tickets that exist before any request (tickets created later are kept by the simulator).
    package var tickets: [HubSpotTicket]

    package init(contacts: [HubSpotContact], owners: [HubSpotOwner], pipelines: [HubSpotPipeline], tickets: [HubSpotTicket]) {
        self.contacts = contacts.sorted { $0.id < $1.id }
        self.owners = owners
        self.pipelines = pipelines
        self.tickets = tickets.sorted { $0.id < $1.id }
    }

    /// Contacts whose email matches, ignoring case (as an `EQ` filter on `email` does).
    package func contacts(withEmail email: String) -> [HubSpotContact] {
        let lowered = email.lowercased()
        return contacts.filter { $0.properties["email"]?.lowercased() == lowered }
    }

    /// The stage ids whose `ticketState` is OPEN, across pipelines.
    package var openStageIDs: Set<String> {
        Set(pipelines.flatMap(\.stages).filter(\.isOpen).map(\.id))
    }
}

/// A contact: its stored property values, all strings as HubSpot sends them. A property without
/// a value is absent here and `null` in answers. `num_open_tickets` is not stored: the simulator
/// computes it from the tickets.
package struct HubSpotContact: Sendable, Hashable {
    package var id: Int
    package var properties: [String: String]
    /// Unix milliseconds.
    package var createdAt: Int
    package var updatedAt: Int

    package init(id: Int, properties: [String: String], createdAt: Int, updatedAt: Int) {
        self.id = id
        self.properties = properties
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

package struct HubSpotOwner: Sendable, Hashable {
    /// Numeric, sent as a string (`"41629779"`); `hubspot_owner_id` refers to it.
    package var id: String
    package var email: String
    package var firstName: String
    package var lastName: String
    package var userID: Int
    package var teamName: String?
    package var archived: Bool

    package init(id: String, email: String, firstName: String, lastName: String, userID: Int, teamName: String?, archived: Bool) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.userID = userID
        self.teamName = teamName
        self.archived = archived
    }
}

package struct HubSpotPipeline: Sendable, Hashable {
    package var id: String
    package var label: String
    package var displayOrder: Int
    package var stages: [HubSpotStage]

    package init(id: String, label: String, displayOrder: Int, stages: [HubSpotStage]) {
        self.id = id
        self.label = label
        self.displayOrder = displayOrder
        self.stages = stages
    }
}

package struct HubSpotStage: Sendable, Hashable {
    package var id: String
    package var label: String
    package var displayOrder: Int
    /// `metadata.ticketState`: OPEN or CLOSED.
    package var isOpen: Bool

    package init(id: String, label: String, displayOrder: Int, isOpen: Bool) {
        self.id = id
        self.label = label
        self.displayOrder = displayOrder
        self.isOpen = isOpen
    }
}

package struct HubSpotTicket: Sendable, Hashable {
    package var id: Int
    /// Includes `subject`, `content`, `hs_pipeline`, `hs_pipeline_stage`…
    package var properties: [String: String]
    package var contactIDs: [Int]
    /// Unix milliseconds.
    package var createdAt: Int
    package var updatedAt: Int

    package init(id: Int, properties: [String: String], contactIDs: [Int], createdAt: Int, updatedAt: Int) {
        self.id = id
        self.properties = properties
        self.contactIDs = contactIDs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
