import Foundation
import Synchronization

/// A simulated HubSpot CRM v3 API, as strict as the real one: bearer-token auth, rolling burst
/// and search rate limits plus a daily cap (429 with HubSpot's `policyName`), search with filter
/// groups, case-insensitive email matching (several contacts may share an email), `after`
/// paging, ticket creation with association validation, pipelines and owners.
package final class HubSpotSimulator: Sendable {
    package let configuration: HubSpotSimulatorConfiguration
    private let contacts: [HubSpotContact]
    private let contactIndexByID: [Int: Int]
    private let tickets: HubSpotTicketStore
    private let limits: HubSpotRateLimits
    private let log: RequestLog<RecordedCall>
    /// How long a ticket creation takes to answer after the ticket exists (nil: at once).
    private let writeDelay = Mutex<Duration?>(nil)

    /// Contact properties the portal defines (filters on others are refused).
    static let contactProperties: Set<String> = [
        "firstname", "lastname", "email", "phone", "mobilephone", "company", "jobtitle", "city", "country", "zip",
        "address", "website", "lifecyclestage", "hs_lead_status", "hubspot_owner_id", "num_open_tickets", "createdate",
        "lastmodifieddate", "hs_object_id", "hs_additional_emails",
    ]
    static let defaultContactProperties = ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]
    static let searchableContactProperties = ["firstname", "lastname", "email", "phone", "mobilephone", "company", "hs_additional_emails"]

    /// Ticket properties the portal defines.
    static let ticketProperties: Set<String> = [
        "subject", "content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority", "hs_ticket_category",
        "hubspot_owner_id", "source_type", "hs_resolution", "closed_date", "createdate", "hs_lastmodifieddate", "hs_object_id",
    ]
    static let defaultTicketProperties = [
        "content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
        "hs_ticket_priority", "subject",
    ]
    /// Properties computed by HubSpot, refused on creation.
    static let readOnlyTicketProperties: Set<String> = ["createdate", "hs_lastmodifieddate", "hs_object_id"]

    /// The association type HubSpot defines from a ticket to a contact.
    package static let ticketToContactAssociationTypeID = 16

    package init(configuration: HubSpotSimulatorConfiguration) {
        self.configuration = configuration
        contacts = configuration.data.contacts
        var index: [Int: Int] = [:]
        for (offset, contact) in contacts.enumerated() where index[contact.id] == nil { index[contact.id] = offset }
        contactIndexByID = index
        tickets = HubSpotTicketStore(data: configuration.data, createdLimit: configuration.createdTicketLimit)
        limits = HubSpotRateLimits(configuration: configuration)
        log = RequestLog(limit: configuration.requestLogLimit)
    }

    /// The portal's records at start.
    package var data: HubSpotData { configuration.data }

    /// Every ticket now: the demo ones and those created through the API.
    package var currentTickets: [HubSpotTicket] { tickets.all }

    /// `num_open_tickets` of each contact now (contacts without open tickets are absent).
    package var openTicketCounts: [Int: Int] { tickets.openTicketCounts() }

    package var requestCount: Int { log.count }

    package var requests: [RecordedCall] { log.entries }

    package func resetStatistics() {
        log.reset()
    }

    /// Replaces the rate limits and forgets past requests; nil keeps a value. Tests use short windows.
    package func setRateLimits(
        burstLimit: Int? = nil, burstWindow: Duration? = nil, searchLimit: Int? = nil, searchWindow: Duration? = nil,
        dailyLimit: Int? = nil
    ) {
        let burst = limits.burst.policy
        limits.burst.reset(policy: .init(limit: burstLimit ?? burst.limit, window: burstWindow ?? burst.window))
        let search = limits.search.policy
        limits.search.reset(policy: .init(limit: searchLimit ?? search.limit, window: searchWindow ?? search.window))
        limits.daily.reset(limit: dailyLimit)
    }

    /// Ticket creations answer `delay` after the ticket is stored (a slow portal: the write
    /// happened even when the caller gave up waiting); nil answers at once again.
    package func setSlowWrites(_ delay: Duration?) {
        writeDelay.withLock { $0 = delay }
    }

    package func handle(_ request: SimulatedRequest) async -> SimulatedResponse {
        let response = answer(request)
        log.record(RecordedCall(request, status: response.status))
        if request.method == "POST", request.path.hasSuffix("/crm/v3/objects/tickets"), let delay = writeDelay.withLock({ $0 }) {
            try? await Task.sleep(for: delay)
        }
        return response
    }

    private func answer(_ request: SimulatedRequest) -> SimulatedResponse {
        guard let authorization = request.header("Authorization"), authorization.lowercased().hasPrefix("bearer "),
            authorization.dropFirst(7).trimmingCharacters(in: .whitespaces) == configuration.accessToken
        else {
            return HubSpotResponses.unauthorized
        }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let isSearch = request.method == "POST" && parts.count == 5 && parts[4] == "search"
        let headers: [(String, String)]
        switch limits.admit(token: configuration.accessToken, isSearch: isSearch) {
        case .refused(let policy, let refusalHeaders):
            return HubSpotResponses.rateLimited(policy: policy, headers: refusalHeaders)
        case .granted(let grantedHeaders):
            headers = grantedHeaders
        }
        var response = route(parts, request: request)
        response.headers += headers
        return response
    }

    private func route(_ parts: [String], request: SimulatedRequest) -> SimulatedResponse {
        guard parts.count >= 3, parts[0] == "crm", parts[1] == "v3" else { return HubSpotResponses.notFound() }
        let rest = Array(parts.dropFirst(2))
        switch (request.method, rest.count) {
        case ("POST", 3) where rest[0] == "objects" && rest[2] == "search":
            switch rest[1] {
            case "contacts": return searchContacts(request)
            case "tickets": return searchTickets(request)
            default: return HubSpotResponses.notFound()
            }
        case ("POST", 2) where rest == ["objects", "tickets"]:
            return createTicket(request)
        case ("GET", 2) where rest == ["objects", "contacts"]:
            return listContacts(request)
        case ("GET", 3) where rest[0] == "objects" && rest[1] == "contacts":
            return contact(rest[2], request: request)
        case ("GET", 3) where rest[0] == "objects" && rest[1] == "tickets":
            return ticket(rest[2], request: request)
        case ("GET", 2) where rest == ["pipelines", "tickets"]:
            return HubSpotResponses.json(200, ["results": .array(data.pipelines.map(HubSpotResponses.pipeline))])
        case ("GET", 3) where rest[0] == "pipelines" && rest[1] == "tickets":
            guard let pipeline = data.pipelines.first(where: { $0.id == rest[2] }) else { return HubSpotResponses.notFound() }
            return HubSpotResponses.json(200, HubSpotResponses.pipeline(pipeline))
        case ("GET", 1) where rest[0] == "owners":
            return listOwners(request)
        case ("GET", 2) where rest[0] == "owners":
            // An owner id is a number: anything else (`none`, an empty id) is refused, not "not found".
            guard Int(rest[1]) != nil else {
                return HubSpotResponses.validation("Unable to parse ownerId '\(rest[1])': owner ids are integers")
            }
            guard let owner = data.owners.first(where: { $0.id == rest[1] }) else { return HubSpotResponses.notFound() }
            return HubSpotResponses.json(200, HubSpotResponses.owner(owner))
        default:
            return HubSpotResponses.notFound()
        }
    }

    // MARK: Contacts

    /// A contact's properties as HubSpot reports them, computed ones included.
    private func properties(of contact: HubSpotContact, openTickets: [Int: Int]) -> [String: String] {
        var properties = contact.properties
        properties["hs_object_id"] = String(contact.id)
        properties["createdate"] = ISOTimestamp.millisecondString(fromUnixMilliseconds: contact.createdAt)
        properties["lastmodifieddate"] = ISOTimestamp.millisecondString(fromUnixMilliseconds: contact.updatedAt)
        properties["num_open_tickets"] = String(openTickets[contact.id] ?? 0)
        return properties
    }

    /// The requested properties (or the defaults) plus those HubSpot always adds; a requested
    /// property without a value is `null`, one the portal does not define is left out.
    private static func selection(
        _ stored: [String: String], requested: [String]?, defaults: [String], known: Set<String>, always: [String]
    ) -> [String: String?] {
        var selected: [String: String?] = [:]
        for name in (requested ?? defaults) + always where known.contains(name) {
            selected[name] = .some(stored[name])
        }
        return selected
    }

    private static func requestedProperties(_ request: SimulatedRequest) -> [String]? {
        let values = request.query.filter { $0.name == "properties" }.flatMap { $0.value.split(separator: ",").map(String.init) }
        return values.isEmpty ? nil : values.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private func searchContacts(_ request: SimulatedRequest) -> SimulatedResponse {
        let search: HubSpotSearchRequest
        switch HubSpotSearchRequest.parse(request.body, knownProperties: Self.contactProperties) {
        case .success(let parsed): search = parsed
        case .failure(let box): return box.response
        }
        let openTickets = tickets.openTicketCounts()
        let records = contacts.map { (id: $0.id, properties: properties(of: $0, openTickets: openTickets)) }
        let matching = search.sorted(records.filter { search.matches($0.properties, searchable: Self.searchableContactProperties) })
        return searchAnswer(matching, search: search) { record in
            let contact = contacts[contactIndexByID[record.id] ?? 0]
            return HubSpotResponses.object(
                id: record.id,
                properties: Self.selection(
                    record.properties, requested: search.properties, defaults: Self.defaultContactProperties,
                    known: Self.contactProperties, always: ["hs_object_id", "createdate", "lastmodifieddate"]),
                createdAt: contact.createdAt, updatedAt: contact.updatedAt
            )
        }
    }

    private func searchAnswer(
        _ matching: [(id: Int, properties: [String: String])], search: HubSpotSearchRequest,
        encode: ((id: Int, properties: [String: String])) -> JSONValue
    ) -> SimulatedResponse {
        let start = min(search.after, matching.count)
        let end = min(matching.count, start + search.limit)
        var members: [(key: String, value: JSONValue)] = [
            ("total", .integer(matching.count)), ("results", .array(matching[start..<end].map(encode))),
        ]
        if end < matching.count, end < HubSpotSearchRequest.maximumResults {
            members.append(("paging", ["next": ["after": .string(String(end))]]))
        }
        return HubSpotResponses.json(200, .object(members))
    }

    private func listContacts(_ request: SimulatedRequest) -> SimulatedResponse {
        let limit = request.queryValue("limit").flatMap { Int($0) } ?? 10
        guard (1...100).contains(limit) else { return HubSpotResponses.validation("limit must be between 1 and 100") }
        let after = request.queryValue("after").flatMap { Int($0) } ?? 0
        let openTickets = tickets.openTicketCounts()
        let remaining = contacts.filter { $0.id >= after }
        let page = remaining.prefix(limit)
        var members: [(key: String, value: JSONValue)] = [
            (
                "results",
                .array(
                    page.map { contact in
                        HubSpotResponses.object(
                            id: contact.id,
                            properties: Self.selection(
                                properties(of: contact, openTickets: openTickets), requested: Self.requestedProperties(request),
                                defaults: Self.defaultContactProperties, known: Self.contactProperties,
                                always: ["hs_object_id", "createdate", "lastmodifieddate"]),
                            createdAt: contact.createdAt, updatedAt: contact.updatedAt
                        )
                    })
            )
        ]
        if remaining.count > limit {
            let next = String(remaining[limit].id)
            let link = "\(request.baseURL)/crm/v3/objects/contacts?limit=\(limit)&after=\(next)"
            members.append(("paging", ["next": ["after": .string(next), "link": .string(link)]]))
        }
        return HubSpotResponses.json(200, .object(members))
    }

    private func contact(_ identifier: String, request: SimulatedRequest) -> SimulatedResponse {
        let found: HubSpotContact?
        if request.queryValue("idProperty") == "email" {
            let email = identifier.removingPercentEncoding?.lowercased() ?? identifier.lowercased()
            found = contacts.first { $0.properties["email"]?.lowercased() == email }
        } else {
            found = Int(identifier).flatMap { contactIndexByID[$0] }.map { contacts[$0] }
        }
        guard let contact = found else { return HubSpotResponses.notFound() }
        let associations = (request.queryValue("associations") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var linked: [(type: String, label: String, ids: [Int])] = []
        if associations.contains("tickets") || associations.contains("ticket") {
            linked.append(("tickets", "contact_to_ticket", tickets.ticketIDs(ofContact: contact.id)))
        }
        let body = HubSpotResponses.object(
            id: contact.id,
            properties: Self.selection(
                properties(of: contact, openTickets: tickets.openTicketCounts()), requested: Self.requestedProperties(request),
                defaults: Self.defaultContactProperties, known: Self.contactProperties,
                always: ["hs_object_id", "createdate", "lastmodifieddate"]),
            createdAt: contact.createdAt, updatedAt: contact.updatedAt, associations: linked
        )
        return HubSpotResponses.json(200, body)
    }

    private func listOwners(_ request: SimulatedRequest) -> SimulatedResponse {
        let limit = request.queryValue("limit").flatMap { Int($0) } ?? 100
        guard (1...500).contains(limit) else { return HubSpotResponses.validation("limit must be between 1 and 500") }
        let archived = request.queryValue("archived") == "true"
        let email = request.queryValue("email")?.lowercased()
        let owners = data.owners.filter { $0.archived == archived && (email == nil || $0.email.lowercased() == email) }
        let after = request.queryValue("after").flatMap { Int($0) } ?? 0
        let start = min(max(0, after), owners.count)
        let end = min(owners.count, start + limit)
        var members: [(key: String, value: JSONValue)] = [("results", .array(owners[start..<end].map(HubSpotResponses.owner)))]
        if end < owners.count {
            members.append(
                (
                    "paging",
                    [
                        "next": [
                            "after": .string(String(end)), "link": .string("\(request.baseURL)/crm/v3/owners?limit=\(limit)&after=\(end)"),
                        ]
                    ]
                ))
        }
        return HubSpotResponses.json(200, .object(members))
    }

    // MARK: Tickets

    private func ticketProperties(_ ticket: HubSpotTicket) -> [String: String] {
        var properties = ticket.properties
        properties["hs_object_id"] = String(ticket.id)
        properties["createdate"] = ISOTimestamp.millisecondString(fromUnixMilliseconds: ticket.createdAt)
        properties["hs_lastmodifieddate"] = ISOTimestamp.millisecondString(fromUnixMilliseconds: ticket.updatedAt)
        return properties
    }

    private func encode(_ ticket: HubSpotTicket, requested: [String]?, withContacts: Bool) -> JSONValue {
        HubSpotResponses.object(
            id: ticket.id,
            properties: Self.selection(
                ticketProperties(ticket), requested: requested, defaults: Self.defaultTicketProperties,
                known: Self.ticketProperties, always: ["hs_object_id", "createdate", "hs_lastmodifieddate"]),
            createdAt: ticket.createdAt, updatedAt: ticket.updatedAt,
            associations: withContacts ? [("contacts", "ticket_to_contact", ticket.contactIDs)] : []
        )
    }

    private func ticket(_ identifier: String, request: SimulatedRequest) -> SimulatedResponse {
        guard let id = Int(identifier), let ticket = tickets.ticket(id: id) else { return HubSpotResponses.notFound() }
        let associations = request.queryValue("associations") ?? ""
        return HubSpotResponses.json(
            200, encode(ticket, requested: Self.requestedProperties(request), withContacts: associations.contains("contact")))
    }

    private func searchTickets(_ request: SimulatedRequest) -> SimulatedResponse {
        let search: HubSpotSearchRequest
        // `associations.contact` filters on the ticket's associated contacts (HubSpot's pseudo-property).
        switch HubSpotSearchRequest.parse(request.body, knownProperties: Self.ticketProperties.union(["associations.contact"])) {
        case .success(let parsed): search = parsed
        case .failure(let box): return box.response
        }
        let all = tickets.all
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let records = all.map { (id: $0.id, properties: ticketProperties($0)) }
        let matching = search.sorted(
            records.filter { record in
                // A ticket associated with several contacts matches when one of them does.
                let contacts = byID[record.id]?.contactIDs ?? []
                let variants =
                    contacts.isEmpty
                    ? [record.properties]
                    : contacts.map { contact in record.properties.merging(["associations.contact": String(contact)]) { $1 } }
                return variants.contains { search.matches($0, searchable: ["subject", "content"]) }
            })
        return searchAnswer(matching, search: search) { record in
            guard let ticket = byID[record.id] else { return .null }
            return encode(ticket, requested: search.properties, withContacts: false)
        }
    }

    private func createTicket(_ request: SimulatedRequest) -> SimulatedResponse {
        let json: JSONValue
        do {
            json = try JSONValue.parse(request.body, maximumDepth: 32)
        } catch {
            return HubSpotResponses.malformedJSON(request.body, error)
        }
        guard let members = json["properties"]?.objectMembers else {
            return HubSpotResponses.validation("Invalid input JSON on line 1, column 1: Some required fields were not set: [properties]")
        }
        var properties: [String: String] = [:]
        var problems: [(name: String, error: String, message: String)] = []
        for member in members {
            let name = member.key
            guard Self.ticketProperties.contains(name), !Self.readOnlyTicketProperties.contains(name) else {
                let message =
                    Self.readOnlyTicketProperties.contains(name)
                    ? "\(name) is a read only property; its value cannot be set." : "Property \"\(name)\" does not exist"
                problems.append((name, Self.readOnlyTicketProperties.contains(name) ? "READ_ONLY_VALUE" : "PROPERTY_DOESNT_EXIST", message))
                continue
            }
            switch member.value {
            case .string(let text): properties[name] = text
            case .integer(let number): properties[name] = String(number)
            case .number(let number): properties[name] = String(number)
            case .bool(let flag): properties[name] = flag ? "true" : "false"
            case .null: continue
            default: problems.append((name, "INVALID_PROPERTY_VALUE", "\(member.value.serialized) is not a valid value for \(name)"))
            }
        }
        let pipelineID = properties["hs_pipeline"] ?? "0"
        properties["hs_pipeline"] = pipelineID
        if properties["subject", default: ""].isEmpty {
            problems.append(("subject", "REQUIRED_FIELD", "subject is required"))
        }
        if let pipeline = data.pipelines.first(where: { $0.id == pipelineID }) {
            if let stage = properties["hs_pipeline_stage"] {
                if !pipeline.stages.contains(where: { $0.id == stage }) {
                    let options = pipeline.stages.map(\.id).joined(separator: ", ")
                    problems.append(("hs_pipeline_stage", "INVALID_OPTION", "\(stage) was not one of the allowed options: [\(options)]"))
                }
            } else {
                problems.append(("hs_pipeline_stage", "REQUIRED_FIELD", "hs_pipeline_stage is required"))
            }
        } else {
            let options = data.pipelines.map(\.id).joined(separator: ", ")
            problems.append(("hs_pipeline", "INVALID_OPTION", "\(pipelineID) was not one of the allowed options: [\(options)]"))
        }
        if let priority = properties["hs_ticket_priority"], !["LOW", "MEDIUM", "HIGH", "URGENT"].contains(priority) {
            problems.append(("hs_ticket_priority", "INVALID_OPTION", "\(priority) was not one of the allowed options: [LOW, MEDIUM, HIGH, URGENT]"))
        }
        if let owner = properties["hubspot_owner_id"], !data.owners.contains(where: { $0.id == owner && !$0.archived }) {
            problems.append(("hubspot_owner_id", "INVALID_OWNER_ID", "\(owner) is not a valid owner id"))
        }
        guard problems.isEmpty else { return HubSpotResponses.invalidProperties(problems) }

        var contactIDs: [Int] = []
        for association in json["associations"]?.arrayValue ?? [] {
            let target = association["to"]?["id"]
            guard let id = target?.intValue ?? target?.stringValue.flatMap({ Int($0) }) else {
                return HubSpotResponses.validation("Invalid input JSON on line 1, column 1: Some required fields were not set: [to]")
            }
            let types = association["types"]?.arrayValue ?? []
            guard !types.isEmpty else {
                return HubSpotResponses.validation("Invalid input JSON on line 1, column 1: Some required fields were not set: [types]")
            }
            for type in types {
                guard let category = type["associationCategory"]?.stringValue, let typeID = type["associationTypeId"]?.intValue else {
                    return HubSpotResponses.validation(
                        "Invalid input JSON on line 1, column 1: Some required fields were not set: [associationCategory, associationTypeId]")
                }
                guard ["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"].contains(category) else {
                    return HubSpotResponses.validation(
                        "Invalid input JSON on line 1, column 1: Cannot deserialize value of type `AssociationCategory` from String \"\(category)\": not one of the values accepted for Enum class: [HUBSPOT_DEFINED, INTEGRATOR_DEFINED, USER_DEFINED]"
                    )
                }
                guard category == "HUBSPOT_DEFINED", typeID == Self.ticketToContactAssociationTypeID else {
                    return HubSpotResponses.validation("\(category) association type \(typeID) is not valid from ticket to contact")
                }
            }
            guard contactIndexByID[id] != nil else {
                return HubSpotResponses.error(
                    400, category: "VALIDATION_ERROR", message: "One or more associations are invalid: contact \(id) does not exist",
                    extra: [("context", ["ids": [.string(String(id))]])]
                )
            }
            if !contactIDs.contains(id) { contactIDs.append(id) }
        }
        let now = Int(Date().timeIntervalSince1970 * 1000)
        let ticket = tickets.create(properties: properties, contactIDs: contactIDs, at: now)
        return HubSpotResponses.json(201, encode(ticket, requested: Array(properties.keys), withContacts: false))
    }
}
