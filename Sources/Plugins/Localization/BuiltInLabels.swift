/// Labels and messages DeskBridge knows in every built-in language, by key. Adapter fields whose id
/// is one of these keys get the label without writing it; YAML can override any of them.
package enum BuiltInLabels {
    package static func text(_ key: String) -> LocalizedText? {
        table[key].map(LocalizedText.init)
    }

    package static var keys: [String] { table.keys.sorted() }

    // Order of each row: en, fr, de, es, it, nl, pt.
    private static let rows: [(String, [String])] = [
        ("name", ["Name", "Nom", "Name", "Nombre", "Nome", "Naam", "Nome"]),
        ("email", ["Email", "E-mail", "E-Mail", "Correo electrónico", "E-mail", "E-mail", "E-mail"]),
        ("phone", ["Phone", "Téléphone", "Telefon", "Teléfono", "Telefono", "Telefoon", "Telefone"]),
        ("company", ["Company", "Entreprise", "Unternehmen", "Empresa", "Azienda", "Bedrijf", "Empresa"]),
        (
            "lifecycleStage",
            [
                "Lifecycle stage", "Étape du cycle de vie", "Lebenszyklusphase", "Etapa del ciclo de vida", "Fase del ciclo di vita",
                "Levenscyclusfase", "Fase do ciclo de vida",
            ]
        ),
        ("owner", ["Owner", "Responsable", "Zuständig", "Propietario", "Responsabile", "Eigenaar", "Responsável"]),
        (
            "openTickets",
            ["Open tickets", "Tickets ouverts", "Offene Tickets", "Tickets abiertos", "Ticket aperti", "Open tickets", "Tickets abertos"]
        ),
        ("ordersCount", ["Orders", "Commandes", "Bestellungen", "Pedidos", "Ordini", "Bestellingen", "Encomendas"]),
        ("amountSpent", ["Amount spent", "Montant dépensé", "Ausgegeben", "Importe gastado", "Importo speso", "Besteed bedrag", "Valor gasto"]),
        (
            "lastOrder",
            ["Last order", "Dernière commande", "Letzte Bestellung", "Último pedido", "Ultimo ordine", "Laatste bestelling", "Última encomenda"]
        ),
        (
            "lastOrders",
            [
                "Last orders", "Dernières commandes", "Letzte Bestellungen", "Últimos pedidos", "Ultimi ordini", "Laatste bestellingen",
                "Últimas encomendas",
            ]
        ),
        ("tags", ["Tags", "Étiquettes", "Tags", "Etiquetas", "Tag", "Tags", "Etiquetas"]),
        ("note", ["Note", "Note", "Notiz", "Nota", "Nota", "Notitie", "Nota"]),
        ("address", ["Address", "Adresse", "Adresse", "Dirección", "Indirizzo", "Adres", "Morada"]),
        ("customerSince", ["Customer since", "Client depuis", "Kunde seit", "Cliente desde", "Cliente dal", "Klant sinds", "Cliente desde"]),
        ("profile", ["Profile", "Fiche client", "Profil", "Perfil", "Profilo", "Profiel", "Perfil"]),
        (
            "createTicket",
            ["Create a ticket", "Créer un ticket", "Ticket erstellen", "Crear un ticket", "Crea un ticket", "Ticket aanmaken", "Criar um ticket"]
        ),
        (
            "addTag",
            [
                "Add a tag", "Ajouter une étiquette", "Tag hinzufügen", "Añadir una etiqueta", "Aggiungi un tag", "Tag toevoegen",
                "Adicionar uma etiqueta",
            ]
        ),
        ("customer", ["Customer", "Client", "Kunde", "Cliente", "Cliente", "Klant", "Cliente"]),
        (
            "customerNotFound",
            [
                "No customer record matches this visitor", "Aucune fiche client ne correspond à ce visiteur",
                "Kein Kundendatensatz passt zu diesem Besucher", "Ningún registro de cliente coincide con este visitante",
                "Nessuna scheda cliente corrisponde a questo visitatore", "Geen klantrecord komt overeen met deze bezoeker",
                "Nenhum registo de cliente corresponde a este visitante",
            ]
        ),
        (
            "visitorUnidentified",
            [
                "The visitor has given no email or customer id", "Le visiteur n'a donné ni e-mail ni identifiant client",
                "Der Besucher hat weder E-Mail noch Kundennummer angegeben", "El visitante no ha dado ni correo ni identificador de cliente",
                "Il visitatore non ha fornito né e-mail né codice cliente", "De bezoeker heeft geen e-mail of klantnummer opgegeven",
                "O visitante não deu e-mail nem identificador de cliente",
            ]
        ),
        ("matches", ["Matches", "Correspondances", "Treffer", "Coincidencias", "Corrispondenze", "Overeenkomsten", "Correspondências"]),
        (
            "severalMatches",
            [
                "{count} records match; showing the most recent", "{count} fiches correspondent ; affichage de la plus récente",
                "{count} Datensätze passen; der neueste wird angezeigt", "{count} registros coinciden; se muestra el más reciente",
                "{count} schede corrispondono; viene mostrata la più recente", "{count} records komen overeen; de meest recente wordt getoond",
                "{count} registos correspondem; é mostrado o mais recente",
            ]
        ),
        ("actionDone", ["Done", "C'est fait", "Erledigt", "Hecho", "Fatto", "Gedaan", "Feito"]),
        (
            "actionUnknown",
            [
                "This action is not available", "Cette action n'est pas disponible", "Diese Aktion ist nicht verfügbar",
                "Esta acción no está disponible", "Questa azione non è disponibile", "Deze actie is niet beschikbaar",
                "Esta ação não está disponível",
            ]
        ),
        (
            "actionUnreadable",
            [
                "This action could not be read. If it happens again, tell your administrator.",
                "Cette action n'a pas pu être lue. Si cela se reproduit, prévenez votre administrateur.",
                "Diese Aktion konnte nicht gelesen werden. Wenn das wieder passiert, informieren Sie Ihren Administrator.",
                "No se pudo leer esta acción. Si vuelve a ocurrir, avise a su administrador.",
                "Impossibile leggere questa azione. Se succede di nuovo, avvisa il tuo amministratore.",
                "Deze actie kon niet worden gelezen. Gebeurt het opnieuw, laat het dan uw beheerder weten.",
                "Não foi possível ler esta ação. Se voltar a acontecer, avise o seu administrador.",
            ]
        ),
        (
            "actionFailed",
            [
                "It did not work: {reason}. Please try again in a moment.", "Cela n'a pas marché : {reason}. Réessayez dans un instant.",
                "Das hat nicht geklappt: {reason}. Bitte gleich noch einmal versuchen.",
                "No ha funcionado: {reason}. Inténtelo de nuevo en un momento.",
                "Non ha funzionato: {reason}. Riprova tra un momento.", "Dat is niet gelukt: {reason}. Probeer het zo meteen opnieuw.",
                "Não funcionou: {reason}. Tente novamente dentro de momentos.",
            ]
        ),
        (
            "crmBusy",
            [
                "the CRM is busy", "le CRM est saturé", "das CRM ist ausgelastet", "el CRM está saturado", "il CRM è sovraccarico",
                "het CRM is overbelast", "o CRM está sobrecarregado",
            ]
        ),
        (
            "crmUnreachable",
            [
                "the CRM cannot be reached", "le CRM est injoignable", "das CRM ist nicht erreichbar", "no se puede contactar con el CRM",
                "il CRM non è raggiungibile", "het CRM is niet bereikbaar", "não é possível contactar o CRM",
            ]
        ),
        (
            "crmRefused",
            [
                "the CRM refused the request", "le CRM a refusé la demande", "das CRM hat die Anfrage abgelehnt",
                "el CRM rechazó la solicitud", "il CRM ha rifiutato la richiesta", "het CRM heeft het verzoek geweigerd",
                "o CRM recusou o pedido",
            ]
        ),
    ]

    private static let table: [String: [String: String]] = Dictionary(
        uniqueKeysWithValues: rows.map { key, texts in
            (key, Dictionary(uniqueKeysWithValues: zip(Language.allCases.map(\.rawValue), texts)))
        })
}
