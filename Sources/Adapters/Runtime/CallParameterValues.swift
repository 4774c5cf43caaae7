import Mapping
import Plugins

/// The `params` object a catalog call hands to the adapter's expressions, built in one place so
/// that the plugin-answer cache keys on the very values the adapter reads.
enum CallParameterValues {
    /// The names always in an answer's key: the window cuts every answer, whatever the adapter reads.
    static let window: Set<String> = ["limit", "offset"]

    static func categories(_ query: CategoryQuery) -> JSONObject {
        var params = caller(query.caller, window: query.window)
        params.append(key: "idParent", value: query.idParent.map(JSON.string) ?? .null)
        return params
    }

    static func products(_ query: ProductQuery) -> JSONObject {
        var params = caller(query.caller, window: query.window)
        params.append(key: "idCategory", value: query.idCategory.map(JSON.string) ?? .null)
        params.append(key: "searchQuery", value: query.searchQuery.map(JSON.string) ?? .null)
        return params
    }

    private static func caller(_ caller: PluginCaller, window: PageWindow) -> JSONObject {
        var params = JSONObject()
        params.append(key: "idWebsite", value: .string(caller.idWebsite))
        params.append(key: "idOperator", value: caller.idOperator.map(JSON.string) ?? .null)
        params.append(key: "idConnectorVersion", value: caller.idConnectorVersion.map(JSON.string) ?? .null)
        params.append(key: "limit", value: .number(Double(window.limit)))
        params.append(key: "offset", value: .number(Double(window.offset)))
        return params
    }
}

extension JSONObject {
    /// `name=value` (the value as JSON, so null and "" differ) for each parameter `includes` keeps,
    /// in order.
    func keyParts(including includes: (String) -> Bool) -> [String] {
        compactMap { entry in includes(entry.key) ? "\(entry.key)=\(entry.value.jsonText)" : nil }
    }
}
