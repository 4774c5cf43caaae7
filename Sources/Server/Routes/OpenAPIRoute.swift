import GatewayHTTP
import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route the gateway serves, for clients and
/// for the schemathesis run of `make test` (scripts/schemathesis). OpenAPIDocumentTests keeps its
/// paths and methods equal to the router's: a route added without its entry here fails it.
///
/// Where answers are changing (the customer action's failures becoming `200 {"success": false}`),
/// the document allows both the old and the new status with the same body.
struct OpenAPIRoute: Sendable {
    func register(on router: Router<GatewayRequestContext>) {
        router.get("openapi.json") { _, _ in
            JSONAnswer.ok(OpenAPIDocument.bytes)
        }
    }
}

/// The document, written by hand: one entry per route, its parameters, bodies and answers.
package enum OpenAPIDocument {
    package static let bytes = Array(text.utf8)

    static let text = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "DeskBridge",
            "version": "1",
            "description": "Every route DeskBridge serves (plugins, customer action, external bot, panel app, operations); docs/security.md."
          },
          "paths": {
            "/health": {
              "get": {
                "tags": ["operations"],
                "summary": "liveness, for iAdvize and load balancers",
                "security": [],
                "responses": {
                  "200": {
                    "description": "the gateway is up",
                    "content": {
                      "application/json": {
                        "schema": {"type": "object", "required": ["status"], "properties": {"status": {"const": "UP"}}}
                      }
                    }
                  }
                }
              }
            },
            "/openapi.json": {
              "get": {
                "tags": ["operations"],
                "summary": "this document",
                "security": [],
                "responses": {
                  "200": {
                    "description": "OpenAPI 3.1",
                    "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}
                  }
                }
              }
            },
            "/metrics": {
              "get": {
                "tags": ["operations"],
                "summary": "Prometheus metrics (the admin token, unless admin.publicMetrics)",
                "security": [{"adminToken": []}, {}],
                "responses": {
                  "200": {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}},
                  "401": {"$ref": "#/components/responses/AdminRefused"},
                  "404": {"$ref": "#/components/responses/AdminRefused"}
                }
              }
            },
            "/admin/status": {
              "get": {
                "tags": ["operations"],
                "summary": "tenants, caches, breakers",
                "security": [{"adminToken": []}],
                "responses": {
                  "200": {
                    "description": "the gateway's status",
                    "content": {"application/json": {"schema": {"type": "object"}}}
                  },
                  "401": {"$ref": "#/components/responses/AdminRefused"},
                  "404": {"$ref": "#/components/responses/AdminRefused"}
                }
              }
            },
            "/admin/reload": {
              "post": {
                "tags": ["operations"],
                "summary": "reloads config.yaml and the adapters",
                "security": [{"adminToken": []}],
                "responses": {
                  "200": {
                    "description": "the status after the reload",
                    "content": {
                      "application/json": {
                        "schema": {"type": "object", "required": ["reloaded"], "properties": {"reloaded": {"type": "boolean"}}}
                      }
                    }
                  },
                  "401": {"$ref": "#/components/responses/AdminRefused"},
                  "404": {"$ref": "#/components/responses/AdminRefused"}
                }
              }
            },
            "/plugins/{tenant}/products": {
              "get": {
                "tags": ["plugins"],
                "summary": "products (a window of the catalog, a category or a search)",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "required; one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]+$"}
                  },
                  {
                    "name": "idOperator",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 250, "default": 20}
                  },
                  {
                    "name": "offset",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0}
                  },
                  {
                    "name": "idCategory",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "searchQuery",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 200, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "search[default][contains]",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 200, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"},
                    "description": "the older name of searchQuery (not both)"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the window of products",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "502": {"$ref": "#/components/responses/UpstreamFailure"},
                  "503": {"$ref": "#/components/responses/UpstreamFailure"},
                  "504": {"$ref": "#/components/responses/UpstreamFailure"}
                }
              }
            },
            "/plugins/{tenant}/categories": {
              "get": {
                "tags": ["plugins"],
                "summary": "categories",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "required; one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]+$"}
                  },
                  {
                    "name": "idOperator",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 250, "default": 20}
                  },
                  {
                    "name": "offset",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0}
                  },
                  {
                    "name": "idParent",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"},
                    "description": "null means the top level"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the window of categories",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "502": {"$ref": "#/components/responses/UpstreamFailure"},
                  "503": {"$ref": "#/components/responses/UpstreamFailure"},
                  "504": {"$ref": "#/components/responses/UpstreamFailure"}
                }
              }
            },
            "/plugins/{tenant}/customer": {
              "get": {
                "tags": ["plugins"],
                "summary": "the visitor's customer record",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "required; one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]+$"}
                  },
                  {
                    "name": "idOperator",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {"name": "emailVisitor", "in": "query", "required": false, "schema": {"type": "string", "maxLength": 254}},
                  {
                    "name": "idVisitorExternal",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "idVisitorUnique",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "operatorLocale",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"}
                  },
                  {
                    "name": "idConversation",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the record's lines (a 'not found' line when no record matches)",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/CustomerLine"}}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "502": {"$ref": "#/components/responses/UpstreamFailure"},
                  "503": {"$ref": "#/components/responses/UpstreamFailure"},
                  "504": {"$ref": "#/components/responses/UpstreamFailure"}
                }
              }
            },
            "/plugins/{tenant}/closing-form": {
              "get": {
                "tags": ["plugins"],
                "summary": "the conversation closing form",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "required; one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]+$"}
                  },
                  {
                    "name": "idOperator",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "operatorLocale",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the form's fields",
                    "content": {
                      "application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/ClosingFormField"}}
                      }
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "502": {"$ref": "#/components/responses/UpstreamFailure"},
                  "503": {"$ref": "#/components/responses/UpstreamFailure"},
                  "504": {"$ref": "#/components/responses/UpstreamFailure"}
                }
              }
            },
            "/plugins/{tenant}/customer/action": {
              "post": {
                "tags": ["plugins"],
                "summary": "runs a customer action (signed over the raw body)",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ActionRequest"}},
                    "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/ActionRequest"}}
                  }
                },
                "responses": {
                  "200": {
                    "description": "the action's result; success false with a message the agent can read",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionAnswer"}}}
                  },
                  "400": {
                    "description": "unknown action or malformed body (success false)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionAnswer"}}}
                  },
                  "401": {
                    "description": "signature_missing or signature_invalid (success false)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionAnswer"}}}
                  },
                  "403": {
                    "description": "website or connector version not allowed (success false)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionAnswer"}}}
                  },
                  "404": {
                    "description": "unknown tenant (success false)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionAnswer"}}}
                  },
                  "413": {
                    "description": "body over 64 KiB (success false)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionAnswer"}}}
                  }
                }
              }
            },
            "/panel/{tenant}": {
              "get": {
                "tags": ["panel"],
                "summary": "the conversation panel app's page (HTML, no data)",
                "security": [],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  }
                ],
                "responses": {
                  "200": {"description": "the page", "content": {"text/html": {"schema": {"type": "string"}}}},
                  "304": {"description": "not modified (ETag)"},
                  "308": {"description": "to /panel/{tenant}/, the query kept"},
                  "404": {"$ref": "#/components/responses/Refused"}
                }
              }
            },
            "/panel/{tenant}/assets/{version}/{file}": {
              "get": {
                "tags": ["panel"],
                "summary": "the page's scripts and style sheet",
                "security": [],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {"name": "version", "in": "path", "required": true, "schema": {"type": "string"}},
                  {"name": "file", "in": "path", "required": true, "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {
                    "description": "the file",
                    "content": {"text/javascript": {"schema": {"type": "string"}}, "text/css": {"schema": {"type": "string"}}}
                  },
                  "304": {"description": "not modified (ETag)"},
                  "404": {"$ref": "#/components/responses/Refused"}
                }
              }
            },
            "/panel/{tenant}/api/products": {
              "get": {
                "tags": ["panel"],
                "summary": "products, for the panel",
                "security": [{"panelToken": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "searchQuery",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 200, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "idCategory",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 250}
                  },
                  {
                    "name": "offset",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 10000}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the plugins' JSON",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/TokenRefused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "503": {
                    "$ref": "#/components/responses/UpstreamFailure",
                    "description": "panel_not_configured, or the upstream failed"
                  },
                  "502": {"$ref": "#/components/responses/UpstreamFailure"},
                  "504": {"$ref": "#/components/responses/UpstreamFailure"}
                }
              }
            },
            "/panel/{tenant}/api/categories": {
              "get": {
                "tags": ["panel"],
                "summary": "categories, for the panel",
                "security": [{"panelToken": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idParent",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "limit",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 250}
                  },
                  {
                    "name": "offset",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "integer", "minimum": 0, "maximum": 10000}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the plugins' JSON",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/TokenRefused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "503": {
                    "$ref": "#/components/responses/UpstreamFailure",
                    "description": "panel_not_configured, or the upstream failed"
                  },
                  "502": {"$ref": "#/components/responses/UpstreamFailure"},
                  "504": {"$ref": "#/components/responses/UpstreamFailure"}
                }
              }
            },
            "/bots/{tenant}/external-bots": {
              "get": {
                "tags": ["bot"],
                "summary": "the tenant's bots",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the bots",
                    "content": {
                      "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ExternalBot"}}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"}
                }
              }
            },
            "/bots/{tenant}/bots/{idOperator}": {
              "put": {
                "tags": ["bot"],
                "summary": "binds an iAdvize bot agent to a bot",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idOperator",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$", "minLength": 1}
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the binding",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Binding"}}}
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "503": {
                    "$ref": "#/components/responses/Refused",
                    "description": "binding_not_saved: nothing changed, iAdvize may retry"
                  },
                  "413": {"$ref": "#/components/responses/TooLarge"}
                },
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BindingRequest"}}}
                }
              },
              "get": {
                "tags": ["bot"],
                "summary": "an agent's binding",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idOperator",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$", "minLength": 1}
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the binding",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Binding"}}}
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"}
                }
              }
            },
            "/bots/{tenant}/availability-strategies": {
              "get": {
                "tags": ["bot"],
                "summary": "the bot's availability strategy",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idOperator",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$", "minLength": 1}
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "one strategy",
                    "content": {
                      "application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/AvailabilityStrategy"}}
                      }
                    }
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"}
                }
              }
            },
            "/bots/{tenant}/bots/{idOperator}/conversation-first-messages": {
              "get": {
                "tags": ["bot"],
                "summary": "the messages shown when the chat box opens",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idOperator",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$", "minLength": 1}
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the replies",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FirstMessages"}}}
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"}
                }
              }
            },
            "/bots/{tenant}/conversations": {
              "post": {
                "tags": ["bot"],
                "summary": "a conversation starts",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "no replies yet",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Conversation"}}}
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "413": {"$ref": "#/components/responses/TooLarge"}
                },
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConversationStart"}}}
                }
              }
            },
            "/bots/{tenant}/conversations/{idConversation}/messages": {
              "post": {
                "tags": ["bot"],
                "summary": "a message was posted",
                "security": [{"iAdvizeSignature": []}],
                "parameters": [
                  {
                    "name": "tenant",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string"},
                    "description": "the tenant's name in config.yaml"
                  },
                  {
                    "name": "idConversation",
                    "in": "path",
                    "required": true,
                    "schema": {"type": "string", "maxLength": 128, "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$"}
                  },
                  {
                    "name": "idWebsite",
                    "in": "query",
                    "required": true,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                    "description": "one of the tenant's websites (403 otherwise)"
                  },
                  {
                    "name": "idConnectorVersion",
                    "in": "query",
                    "required": false,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]*$"}
                  }
                ],
                "responses": {
                  "200": {
                    "description": "the assistant's replies (none for other authors than the visitor)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Conversation"}}}
                  },
                  "400": {"$ref": "#/components/responses/Refused"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Refused"},
                  "404": {"$ref": "#/components/responses/Refused"},
                  "413": {"$ref": "#/components/responses/TooLarge"}
                },
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IncomingMessage"}}}
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Error": {
                "type": "object",
                "required": ["error", "message"],
                "properties": {
                  "error": {"type": "string", "description": "a code, e.g. invalid_parameter"},
                  "message": {"type": "string"},
                  "parameter": {"type": "string"},
                  "field": {"type": "string"}
                }
              },
              "Product": {
                "type": "object",
                "required": ["id", "title", "productUrl", "description", "imageUrl", "reference", "priceCatalog"],
                "properties": {
                  "id": {"type": "string"},
                  "title": {"type": "string"},
                  "productUrl": {"type": "string", "description": "empty, or a whole http(s) URL"},
                  "brand": {"type": ["string", "null"]},
                  "description": {"type": "string"},
                  "shortDescription": {"type": ["string", "null"]},
                  "available": {"type": "boolean"},
                  "imageUrl": {"type": "string", "description": "empty, or a whole http(s) URL"},
                  "reference": {"type": ["string", "null"]},
                  "priceCatalog": {"type": "string"},
                  "pricePromotion": {"type": ["string", "null"]},
                  "priceSpecial": {"type": ["string", "null"]}
                }
              },
              "Category": {
                "type": "object",
                "required": ["id", "label", "productsCount"],
                "properties": {
                  "id": {"type": "string"},
                  "idParent": {"type": ["string", "null"]},
                  "label": {"type": "string"},
                  "products": {"type": ["array", "null"], "items": {"type": "string"}},
                  "productsCount": {"type": "integer", "minimum": 0}
                }
              },
              "CustomerLine": {
                "type": "object",
                "required": ["id", "label", "value", "fieldType"],
                "properties": {
                  "id": {"type": "string"},
                  "label": {"type": "string"},
                  "value": {"type": "string"},
                  "fieldType": {"enum": ["TEXT", "URL", "ACTION"]}
                }
              },
              "ClosingFormField": {
                "type": "object",
                "required": ["id", "label", "fieldType", "isRequired"],
                "properties": {
                  "id": {"type": "string"},
                  "idParent": {"type": ["string", "null"]},
                  "label": {"type": "string"},
                  "fieldType": {"enum": ["TEXT", "CHECKBOX", "SELECT", "TEXTAREA", "INTEGER", "DECIMAL"]},
                  "isRequired": {"type": "boolean"},
                  "options": {
                    "type": ["array", "null"],
                    "items": {
                      "type": "object",
                      "required": ["label", "value"],
                      "properties": {"label": {"type": "string"}, "value": {"type": "string"}}
                    }
                  }
                }
              },
              "ActionRequest": {
                "type": "object",
                "description": "what the Desk posts; anything else is answered 200 {success: false}",
                "properties": {
                  "action": {
                    "type": "string",
                    "description": "<action>:<record id>, as the customer plugin's ACTION line gave it"
                  },
                  "idWebsite": {"type": "string"},
                  "idConversation": {"type": "string"},
                  "idOperator": {"type": "string"},
                  "idConnectorVersion": {"type": "string"}
                }
              },
              "ActionAnswer": {
                "type": "object",
                "required": ["success"],
                "properties": {"success": {"type": "boolean"}, "message": {"type": ["string", "null"]}}
              },
              "ExternalBot": {
                "type": "object",
                "required": ["idBot", "name", "editorUrl"],
                "properties": {
                  "idBot": {"type": "string"},
                  "name": {"type": "string"},
                  "description": {"type": "string"},
                  "editorUrl": {"type": "string"}
                }
              },
              "DistributionRule": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "label": {"type": ["string", "null"]}}
              },
              "BindingRequest": {
                "type": "object",
                "required": ["external"],
                "properties": {
                  "external": {
                    "type": "object",
                    "required": ["idBot"],
                    "properties": {"idBot": {"type": "string", "minLength": 1}}
                  },
                  "name": {"type": ["string", "null"]},
                  "pseudo": {"type": ["string", "null"]},
                  "language": {"type": ["string", "null"]},
                  "distributionRules": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/DistributionRule"}}
                }
              },
              "Binding": {
                "type": "object",
                "required": ["idOperator", "external", "distributionRules", "createdAt", "updatedAt"],
                "properties": {
                  "idOperator": {"type": "string"},
                  "external": {"$ref": "#/components/schemas/ExternalBot"},
                  "distributionRules": {"type": "array", "items": {"$ref": "#/components/schemas/DistributionRule"}},
                  "createdAt": {"type": "string", "format": "date-time"},
                  "updatedAt": {"type": "string", "format": "date-time"}
                }
              },
              "AvailabilityStrategy": {
                "type": "object",
                "required": ["strategy"],
                "properties": {
                  "strategy": {"enum": ["atLeastOne", "all", "notAvailable", "customAvailability"]},
                  "distributionRulesToCheck": {"type": "array", "items": {"type": "string"}},
                  "availability": {"type": "boolean"}
                }
              },
              "Duration": {
                "type": "object",
                "required": ["value", "unit"],
                "properties": {"value": {"type": "number"}, "unit": {"enum": ["seconds", "millis"]}}
              },
              "BotReply": {
                "type": "object",
                "required": ["type"],
                "description": "await, message (text or bundle/product-offer), transfer or close",
                "properties": {
                  "type": {"enum": ["await", "message", "transfer", "close"]},
                  "duration": {"$ref": "#/components/schemas/Duration"},
                  "payload": {
                    "type": "object",
                    "required": ["contentType"],
                    "properties": {
                      "contentType": {"enum": ["text", "bundle/product-offer"]},
                      "value": {"type": "string"},
                      "offers": {"type": "array", "items": {"type": "object"}}
                    }
                  },
                  "quickReplies": {"type": "array", "items": {"type": "object"}},
                  "distributionRule": {"type": "string"},
                  "transferOptions": {"type": "object", "properties": {"timeout": {"$ref": "#/components/schemas/Duration"}}}
                }
              },
              "FirstMessages": {
                "type": "object",
                "required": ["replies"],
                "properties": {"replies": {"type": "array", "items": {"$ref": "#/components/schemas/BotReply"}}}
              },
              "ConversationStart": {
                "type": "object",
                "required": ["idOperator", "idConversation"],
                "properties": {
                  "idOperator": {"type": "string", "minLength": 1},
                  "idConversation": {
                    "type": "string",
                    "maxLength": 128,
                    "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f]*$",
                    "minLength": 1
                  }
                }
              },
              "IncomingMessage": {
                "type": "object",
                "required": ["idOperator", "message"],
                "properties": {
                  "idOperator": {"type": "string", "minLength": 1},
                  "message": {
                    "type": "object",
                    "required": ["author"],
                    "properties": {
                      "idMessage": {"type": ["string", "null"]},
                      "author": {
                        "type": "object",
                        "required": ["role"],
                        "properties": {"role": {"type": "string", "minLength": 1}}
                      },
                      "payload": {
                        "type": ["object", "null"],
                        "properties": {"contentType": {"type": ["string", "null"]}, "value": {"type": ["string", "null"]}}
                      },
                      "createdAt": {"type": "string"}
                    }
                  }
                }
              },
              "Conversation": {
                "type": "object",
                "required": ["idConversation", "idOperator", "replies", "createdAt", "updatedAt"],
                "properties": {
                  "idConversation": {"type": "string"},
                  "idOperator": {"type": "string"},
                  "replies": {"type": "array", "items": {"$ref": "#/components/schemas/BotReply"}},
                  "createdAt": {"type": "string", "format": "date-time"},
                  "updatedAt": {"type": "string", "format": "date-time"}
                }
              }
            },
            "responses": {
              "Refused": {
                "description": "refused: the code says why (docs/plugins.md, docs/bot.md)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "Unauthorized": {
                "description": "signature_missing or signature_invalid",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "UpstreamFailure": {
                "description": "the upstream failed, refused our credentials, throttled or timed out (upstream_*)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "TooLarge": {
                "description": "body_too_large: the body is over 64 KiB",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "AdminRefused": {
                "description": "admin_token_required (401), or not_found (404) when the configuration has no admin token",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "TokenRefused": {
                "description": "token_*: the panel's JWT is missing, malformed, expired or for another app",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            },
            "securitySchemes": {
              "iAdvizeSignature": {
                "type": "apiKey",
                "in": "header",
                "name": "x-iadvize-signature",
                "description": "sha256=<hex HMAC-SHA256 of the raw query (GET) or raw body (POST, PUT), keyed with the connector secret>"
              },
              "adminToken": {"type": "http", "scheme": "bearer", "description": "admin.token"},
              "panelToken": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "the iAdvize JWT of docs/cpa.md"
              }
            }
          }
        }
        """#
}
