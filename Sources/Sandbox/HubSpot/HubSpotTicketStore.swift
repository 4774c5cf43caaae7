import Synchronization

/// The portal's tickets: the demo ones plus those created through the API (bounded: the oldest
/// created ones are forgotten first). Shared by concurrent requests.
final class HubSpotTicketStore: Sendable {
    private struct State {
        var tickets: [HubSpotTicket]
        var created: [Int] = []
        var nextID: Int
    }

    private let state: Mutex<State>
    private let createdLimit: Int
    private let openStages: Set<String>

    init(data: HubSpotData, createdLimit: Int) {
        state = Mutex(State(tickets: data.tickets, nextID: (data.tickets.map(\.id).max() ?? 1_700_000_000) + 1_000))
        self.createdLimit = max(1, createdLimit)
        openStages = data.openStageIDs
    }

    var all: [HubSpotTicket] { state.withLock { $0.tickets } }

    func ticket(id: Int) -> HubSpotTicket? {
        state.withLock { state in state.tickets.first { $0.id == id } }
    }

    /// Open tickets per contact (`num_open_tickets`).
    func openTicketCounts() -> [Int: Int] {
        state.withLock { state in
            var counts: [Int: Int] = [:]
            for ticket in state.tickets where openStages.contains(ticket.properties["hs_pipeline_stage"] ?? "") {
                for contact in ticket.contactIDs { counts[contact, default: 0] += 1 }
            }
            return counts
        }
    }

    /// The tickets associated with a contact, ascending id.
    func ticketIDs(ofContact id: Int) -> [Int] {
        state.withLock { state in state.tickets.filter { $0.contactIDs.contains(id) }.map(\.id) }
    }

    /// Stores a new ticket and returns it with its id.
    func create(properties: [String: String], contactIDs: [Int], at milliseconds: Int) -> HubSpotTicket {
        state.withLock { state in
            let ticket = HubSpotTicket(
                id: state.nextID, properties: properties, contactIDs: contactIDs, createdAt: milliseconds, updatedAt: milliseconds
            )
            state.nextID += 1
            state.tickets.append(ticket)
            state.created.append(ticket.id)
            if state.created.count > createdLimit {
                let forgotten = Set(state.created.prefix(state.created.count - createdLimit))
                state.created.removeFirst(state.created.count - createdLimit)
                state.tickets.removeAll { forgotten.contains($0.id) }
            }
            return ticket
        }
    }
}
