import Foundation

/// The people behind the demo shops' customers and the demo CRM's contacts. Every simulator
/// draws from this one roster, so a visitor known to the demo shop is also known to the demo CRM
/// (as in a real merchant's stack), each system keeping its own untidy copy of the details.
struct DemoPerson: Sendable {
    let index: Int
    let firstName: String
    let lastName: String
    /// As the person typed it at sign-up: mixed case happens.
    let email: String
    /// In one of the formats people type (`+33 6 12 34 56 78`, `0612345678`…); nil for some.
    let phone: String?
    let city: String
    let country: String
    /// ISO 3166-1 alpha-2.
    let countryCode: String
    let postcode: String
    let street: String
    let company: String?
    /// Seconds since the epoch at which the person first appeared (sign-up, first contact).
    let since: Int
}

enum DemoPeople {
    static let count = 72

    /// Generated once per process; identical on every run.
    static let roster: [DemoPerson] = (0..<count).map(makePerson)

    private static let firstNames = [
        "Marie", "Jean", "Camille", "Lucas", "Léa", "Hugo", "Chloé", "Louis", "Emma", "Gabriel", "Manon",
        "Jules", "Inès", "Arthur", "Zoé", "Nathan", "Sarah", "Thomas", "Julie", "Nicolas", "Sophie", "Pierre",
        "Anaïs", "Élodie", "François", "Hélène", "Jürgen", "Lena", "Jonas", "Anna", "Yuki", "Haruto", "Sakura",
        "Kenji", "Olivia", "James", "Amelia", "Noah", "Fatima", "Mohamed", "Yasmine", "Karim", "Aïcha", "João",
        "María", "Sofía", "Chiara", "Matteo", "Björn", "Ingrid", "Siobhán", "Océane",
    ]

    private static let lastNames = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Müller", "Schmidt", "Schneider", "Fischer", "Tanaka", "Suzuki", "Smith", "Johnson", "O'Brien",
        "Nguyen", "Benali", "Haddad", "Da Silva", "Rossi", "Andersson", "García López", "Van der Berg",
        "Le Gall", "de La Fontaine", "Lemaître",
    ]

    private struct Place {
        let city: String
        let country: String
        let code: String
        let postcode: String
        let dialing: String
    }

    private static let places = [
        Place(city: "Paris", country: "France", code: "FR", postcode: "75011", dialing: "+33"),
        Place(city: "Lyon", country: "France", code: "FR", postcode: "69003", dialing: "+33"),
        Place(city: "Marseille", country: "France", code: "FR", postcode: "13006", dialing: "+33"),
        Place(city: "Bordeaux", country: "France", code: "FR", postcode: "33000", dialing: "+33"),
        Place(city: "Lille", country: "France", code: "FR", postcode: "59000", dialing: "+33"),
        Place(city: "Nantes", country: "France", code: "FR", postcode: "44000", dialing: "+33"),
        Place(city: "Saint-Étienne", country: "France", code: "FR", postcode: "42000", dialing: "+33"),
        Place(city: "Bruxelles", country: "Belgium", code: "BE", postcode: "1000", dialing: "+32"),
        Place(city: "Genève", country: "Switzerland", code: "CH", postcode: "1204", dialing: "+41"),
        Place(city: "Berlin", country: "Germany", code: "DE", postcode: "10115", dialing: "+49"),
        Place(city: "München", country: "Germany", code: "DE", postcode: "80331", dialing: "+49"),
        Place(city: "Tokyo", country: "Japan", code: "JP", postcode: "150-0001", dialing: "+81"),
        Place(city: "Montréal", country: "Canada", code: "CA", postcode: "H2X 1Y4", dialing: "+1"),
        Place(city: "London", country: "United Kingdom", code: "GB", postcode: "EC1A 1BB", dialing: "+44"),
    ]

    private static let domains = [
        "gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.com", "yahoo.fr", "gmx.de", "proton.me",
        "icloud.com", "example.org", "wanadoo.fr", "hotmail.fr",
    ]

    private static let companies = [
        "Boulangerie Dupain", "Atelier Moreau SARL", "Globex France", "Initech GmbH", "Studio Kaze",
        "Café des Arts", "Nordic Outdoor AB", "Transports Leroy & Fils", "Acme Europe", "Librairie L'Écume",
    ]

    private static let streets = [
        "12 rue de la Roquette", "3 place Bellecour", "45 boulevard Longchamp", "8 cours de l'Intendance",
        "27 rue Nationale", "5 allée des Tilleuls", "101 Friedrichstraße", "2-1 Jingumae", "17 avenue Louise",
        "9 Rue du Rhône", "240 Rue Saint-Paul O", "1 Old Street",
    ]

    /// People who share a name with someone earlier in the roster (homonyms), by index → source.
    private static let homonyms: [Int: Int] = [37: 0, 58: 11]

    private static func makePerson(_ index: Int) -> DemoPerson {
        var random = SeededGenerator(seed: 0xDE30_9E09_1E00 &+ UInt64(index) &* 0x9E37_79B9)
        var firstName = firstNames[(index * 7 + 3) % firstNames.count]
        var lastName = lastNames[(index * 11 + random.int(in: 0..<lastNames.count)) % lastNames.count]
        if let source = homonyms[index] {
            let original = makePerson(source)
            firstName = original.firstName
            lastName = original.lastName
        }
        let place = places[random.int(in: 0..<places.count)]
        let domain = domains[random.int(in: 0..<domains.count)]
        let localFirst = TextFolding.fold(firstName).filter { $0.isLetter }
        let localLast = TextFolding.fold(lastName).filter { $0.isLetter || $0 == "'" }.replacingOccurrences(of: "'", with: "")
        var local: String
        switch random.int(in: 0..<6) {
        case 0: local = "\(localFirst).\(localLast)"
        case 1: local = "\(localFirst.prefix(1))\(localLast)"
        case 2: local = "\(localFirst)\(random.int(in: 70...99))"
        case 3: local = "\(localFirst)_\(localLast)"
        case 4: local = "\(localFirst).\(localLast)+shop"
        default: local = "\(localLast).\(localFirst)"
        }
        if homonyms[index] != nil { local += String(index) }
        var email = "\(local)@\(domain)"
        switch index % 5 {
        case 1: email = capitalizedWords(local) + "@" + capitalizedWords(domain)
        case 3 where index % 3 == 0: email = email.uppercased()
        default: break
        }
        let phone: String?
        let digits = (0..<8).map { _ in String(random.int(in: 0...9)) }.joined()
        switch random.int(in: 0..<6) {
        case 0: phone = nil
        case 1: phone = place.dialing == "+33" ? "06\(digits)" : "\(place.dialing)\(digits)"
        case 2:
            let pairs = stride(from: 0, to: 8, by: 2).map { digits.dropFirst($0).prefix(2) }.joined(separator: " ")
            phone = "\(place.dialing) 6 \(pairs)"
        case 3: phone = "\(place.dialing)6\(digits)"
        default:
            let pairs = stride(from: 0, to: 8, by: 2).map { digits.dropFirst($0).prefix(2) }.joined(separator: ".")
            phone = place.dialing == "+33" ? "07.\(pairs)" : "\(place.dialing) \(digits)"
        }
        return DemoPerson(
            index: index, firstName: firstName, lastName: lastName, email: email, phone: phone,
            city: place.city, country: place.country, countryCode: place.code, postcode: place.postcode,
            street: streets[random.int(in: 0..<streets.count)],
            company: random.chance(0.4) ? companies[random.int(in: 0..<companies.count)] : nil,
            since: 1_640_995_200 + index * 1_123_457 % 94_000_000 + random.int(in: 0..<86_400)
        )
    }

    /// `jean.dupont` → `Jean.Dupont`: the capitalisation some people type.
    private static func capitalizedWords(_ text: String) -> String {
        var result = ""
        var capitalizeNext = true
        for character in text {
            result += capitalizeNext ? character.uppercased() : String(character)
            capitalizeNext = !(character.isLetter || character.isNumber)
        }
        return result
    }
}
