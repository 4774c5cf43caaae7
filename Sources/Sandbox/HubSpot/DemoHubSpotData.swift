extension HubSpotData {
    /// The demo portal: 66 contacts from the shared demo people (mixed-case emails, three
    /// emails held by several contacts, missing names, phones and owners), five owners, two
    /// ticket pipelines and 30 tickets. Generated once per process.
    package static func demo() -> HubSpotData {
        DemoHubSpotData.shared
    }
}

enum DemoHubSpotData {
    static let shared = make()
    private static let contactPeople = 60

    static let pipelines = [
        HubSpotPipeline(
            id: "0", label: "Support Pipeline", displayOrder: 0,
            stages: [
                HubSpotStage(id: "1", label: "New", displayOrder: 0, isOpen: true),
                HubSpotStage(id: "2", label: "Waiting on contact", displayOrder: 1, isOpen: true),
                HubSpotStage(id: "3", label: "Waiting on us", displayOrder: 2, isOpen: true),
                HubSpotStage(id: "4", label: "Closed", displayOrder: 3, isOpen: false),
            ]),
        HubSpotPipeline(
            id: "75346481", label: "SAV & Retours", displayOrder: 1,
            stages: [
                HubSpotStage(id: "75346482", label: "Demande reçue", displayOrder: 0, isOpen: true),
                HubSpotStage(id: "75346483", label: "Colis en retour", displayOrder: 1, isOpen: true),
                HubSpotStage(id: "75346484", label: "Remboursé", displayOrder: 2, isOpen: false),
                HubSpotStage(id: "75346485", label: "Refusé", displayOrder: 3, isOpen: false),
            ]),
    ]

    static let owners = [
        HubSpotOwner(
            id: "41629779", email: "claire.agent@demo-shop.example", firstName: "Claire", lastName: "Vasseur", userID: 9_586_504, teamName: "Support",
            archived: false),
        HubSpotOwner(
            id: "41629801", email: "Karim.Agent@demo-shop.example", firstName: "Karim", lastName: "Benyahia", userID: 9_586_517, teamName: "Support",
            archived: false),
        HubSpotOwner(
            id: "52011340", email: "ines.sales@demo-shop.example", firstName: "Inès", lastName: "Morel", userID: 10_204_111, teamName: "Ventes",
            archived: false),
        HubSpotOwner(
            id: "52011377", email: "tom.b2b@demo-shop.example", firstName: "Tom", lastName: "Keller", userID: 10_204_142, teamName: nil,
            archived: false),
        HubSpotOwner(
            id: "38800012", email: "ancien.collegue@demo-shop.example", firstName: "Paul", lastName: "Ancien", userID: 8_100_001, teamName: nil,
            archived: true),
    ]

    private static let lifecycleStages = [
        "subscriber", "lead", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "customer",
        "customer", "evangelist", "other",
    ]

    private static let subjects = [
        "Colis non reçu", "Demande de remboursement", "Produit abîmé à la livraison", "Changement d'adresse",
        "Question sur la taille", "Facture introuvable", "Code promo refusé", "Retour d'un article",
    ]

    private static func make() -> HubSpotData {
        var contacts: [HubSpotContact] = []
        for person in DemoPeople.roster.prefix(contactPeople) {
            var random = SeededGenerator(seed: 0x4B5B_0000 &+ UInt64(person.index) &* 0x9E37_79B9)
            let id = 1_051 + person.index * 50
            var properties: [String: String] = [:]
            if person.index % 13 != 5 { properties["firstname"] = person.firstName }
            if person.index % 17 != 9 { properties["lastname"] = person.lastName }
            if person.index != 17, person.index != 33 {
                // HubSpot keeps the address as it was first captured: often lowercased by a form.
                properties["email"] = person.index % 3 == 0 ? person.email.lowercased() : person.email
            }
            if let phone = person.phone { properties["phone"] = phone }
            if let company = person.company { properties["company"] = company }
            properties["city"] = person.city
            properties["country"] = person.country
            properties["lifecyclestage"] = lifecycleStages[random.int(in: 0..<lifecycleStages.count)]
            if person.index % 4 != 3 { properties["hubspot_owner_id"] = owners[random.int(in: 0..<owners.count)].id }
            if random.chance(0.3) { properties["jobtitle"] = random.pick(["Acheteuse", "Gérant", "CTO", "Office manager", "Étudiant"]) }
            let created = person.since * 1000 + random.int(in: 0..<1000)
            contacts.append(
                HubSpotContact(id: id, properties: properties, createdAt: created, updatedAt: created + random.int(in: 0..<40_000_000_000)))
        }
        // Duplicates: the same person imported twice (different case), and a shared family address.
        let duplicates: [(source: Int, variant: (String) -> String)] = [
            (2, { $0.uppercased() }), (5, { $0 }), (9, { $0.lowercased() }), (9, { $0 }), (21, { $0.prefix(1).uppercased() + $0.dropFirst() }),
            (40, { $0 }),
        ]
        for (offset, duplicate) in duplicates.enumerated() {
            guard let source = contacts.first(where: { $0.id == 1_051 + duplicate.source * 50 }), let email = source.properties["email"] else {
                continue
            }
            var properties = source.properties
            properties["email"] = duplicate.variant(email)
            properties["lifecyclestage"] = "lead"
            properties.removeValue(forKey: "hubspot_owner_id")
            if offset % 2 == 1 { properties.removeValue(forKey: "phone") }
            let created = source.createdAt + 86_400_000 * (30 + offset)
            contacts.append(HubSpotContact(id: 9_001 + offset * 3, properties: properties, createdAt: created, updatedAt: created + 3_600_000))
        }

        var tickets: [HubSpotTicket] = []
        let stages = pipelines.flatMap { pipeline in pipeline.stages.map { (pipeline.id, $0.id) } }
        for number in 0..<30 {
            var random = SeededGenerator(seed: 0x71C4_E700 &+ UInt64(number))
            let contact = contacts[(number * 7 + 3) % contacts.count]
            let (pipeline, stage) = stages[random.int(in: 0..<stages.count)]
            let created = 1_735_689_600_000 + number * 86_400_000 * 9 + random.int(in: 0..<86_400_000)
            let properties = [
                "subject": subjects[random.int(in: 0..<subjects.count)],
                "content": "Message reçu via le chat : « \(subjects[number % subjects.count].lowercased()) ».",
                "hs_pipeline": pipeline, "hs_pipeline_stage": stage,
                "hs_ticket_priority": ["LOW", "MEDIUM", "HIGH"][random.int(in: 0..<3)],
            ]
            tickets.append(
                HubSpotTicket(
                    id: 1_700_000_001 + number * 11, properties: properties, contactIDs: [contact.id], createdAt: created,
                    updatedAt: created + random.int(in: 0..<864_000_000)
                ))
        }
        return HubSpotData(contacts: contacts, owners: owners, pipelines: pipelines, tickets: tickets)
    }
}
