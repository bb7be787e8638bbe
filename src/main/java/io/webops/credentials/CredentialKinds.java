package io.webops.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The credential kinds of §7 and their fields, each kind described by a JSON Schema whose
 * secret fields carry {@code "format": "password", "writeOnly": true}. A {@code custom}
 * credential takes any fields, all secret.
 */
public final class CredentialKinds {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, ObjectNode> SCHEMAS = new LinkedHashMap<>();

    static {
        kind("database", "Database", "A JDBC database user workflows may query (PostgreSQL, MariaDB/MySQL, SQL Server or H2).")
                .text("jdbc_url", "JDBC URL", "e.g. jdbc:postgresql://db.example.com:5432/sales")
                .text("username", "User", "Database user")
                .secret("password", "Password", "Database password")
                .required("jdbc_url");
        kind("smtp", "SMTP server", "Outgoing mail.")
                .text("host", "Host", "SMTP host name")
                .integer("port", "Port", "SMTP port (25, 465 or 587)")
                .choice("security", "Security", "none, starttls (upgrade after connecting) or tls (from the start)", "none", "starttls", "tls")
                .text("username", "User", "SMTP user (empty: no authentication)")
                .secret("password", "Password", "SMTP password")
                .text("from", "From", "Sender address, e.g. Reports <reports@example.com>")
                .required("host", "port", "from");
        kind("slack", "Slack", "A bot token for chat.postMessage, or an incoming-webhook URL.")
                .secret("bot_token", "Bot token", "xoxb-… token of a Slack app with chat:write")
                .secret("webhook_url", "Incoming webhook URL", "https://hooks.slack.com/services/… (it is a secret)")
                .text("api_url", "API base URL", "Slack Web API root (default https://slack.com/api)");
        kind("google", "Google", "A service account, or an OAuth client with a refresh token.")
                .secret("service_account_json", "Service account JSON", "The key file of a service account, as JSON")
                .text("client_id", "OAuth client id", "For an OAuth client with a refresh token")
                .secret("client_secret", "OAuth client secret", "For an OAuth client with a refresh token")
                .secret("refresh_token", "Refresh token", "For an OAuth client")
                .text("api_root_url", "API root URL", "Google APIs root (default https://www.googleapis.com/)");
        kind("openai", "OpenAI-compatible model", "Any server speaking /v1/chat/completions: OpenAI, Azure-style gateways, Ollama, vLLM, LocalAI.")
                .text("base_url", "Base URL", "e.g. https://api.openai.com/v1 or http://ollama:11434/v1")
                .secret("api_key", "API key", "Bearer key (some local servers need none)")
                .text("model", "Default model", "e.g. gpt-4o-mini, llama3.1")
                .required("base_url");
        kind("http", "HTTP authentication", "Authentication an HTTP node adds to its requests.")
                .choice("auth", "Authentication", "bearer, basic or a custom header", "bearer", "basic", "header")
                .secret("token", "Bearer token", "For bearer")
                .text("username", "User", "For basic")
                .secret("password", "Password", "For basic")
                .text("header_name", "Header name", "For header, e.g. X-API-Key")
                .secret("header_value", "Header value", "For header")
                .required("auth");
        kind("github", "GitHub", "A GitHub token, sent by HTTP nodes to the GitHub API only.")
                .secret("token", "Token", "Personal access or app token")
                .text("api_url", "API base URL", "The GitHub API the token is sent to and nowhere else"
                        + " (default https://api.github.com; GitHub Enterprise: https://github.example.com/api/v3)")
                .required("token");
        ObjectNode custom = kind("custom", "Custom", "Any fields; all are kept secret.").schema;
        custom.putObject("additionalProperties").put("type", "string").put("format", "password").put("writeOnly", true);
        // the secrets of a Kamelet node, property -> value, checked against the Kamelet's password properties
        ObjectNode kamelet = kind("kamelet", "Kamelet secrets",
                "The format: password properties of a Kamelet node (e.g. password, accessKey), each a field named after the property.").schema;
        kamelet.putObject("additionalProperties").put("type", "string").put("format", "password").put("writeOnly", true);
    }

    private CredentialKinds() {
    }

    public static Set<String> ids() {
        return SCHEMAS.keySet();
    }

    public static Optional<ObjectNode> schema(String kind) {
        return Optional.ofNullable(SCHEMAS.get(kind));
    }

    /** Every kind's schema, by kind. */
    public static Map<String, ObjectNode> all() {
        return SCHEMAS;
    }

    /** Whether a field of a kind is secret: starred in §7, or any field of a custom credential. */
    public static boolean isSecret(String kind, String field) {
        ObjectNode schema = SCHEMAS.get(kind);
        if (schema == null) {
            return true;
        }
        JsonNode f = schema.path("properties").get(field);
        return f == null ? "custom".equals(kind) || "kamelet".equals(kind) : f.path("writeOnly").asBoolean();
    }

    private static Builder kind(String id, String title, String description) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        schema.put("title", title);
        schema.put("description", description);
        schema.putObject("properties");
        if (!"custom".equals(id) && !"kamelet".equals(id)) {
            schema.put("additionalProperties", false);
        }
        SCHEMAS.put(id, schema);
        return new Builder(schema);
    }

    private record Builder(ObjectNode schema) {
        Builder text(String name, String title, String description) {
            field(name, "string", title, description);
            return this;
        }

        Builder integer(String name, String title, String description) {
            field(name, "integer", title, description);
            return this;
        }

        Builder secret(String name, String title, String description) {
            field(name, "string", title, description).put("format", "password").put("writeOnly", true);
            return this;
        }

        Builder choice(String name, String title, String description, String... values) {
            ObjectNode f = field(name, "string", title, description);
            for (String v : values) {
                f.withArray("enum").add(v);
            }
            return this;
        }

        Builder required(String... names) {
            for (String n : names) {
                schema.withArray("required").add(n);
            }
            return this;
        }

        private ObjectNode field(String name, String type, String title, String description) {
            ObjectNode f = ((ObjectNode) schema.get("properties")).putObject(name);
            f.put("type", type);
            f.put("title", title);
            f.put("description", description);
            return f;
        }
    }
}
