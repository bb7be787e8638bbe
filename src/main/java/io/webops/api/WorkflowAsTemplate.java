package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import io.webops.triggers.TriggerKinds;
import io.webops.validation.Validator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A saved workflow made fit to share: each credential it names becomes {@code "pick:<kind>"} (whoever uses the
 * template picks one of their own), and every secret it holds is removed: the webhook auth's secret, config fields the
 * node type marks secret or whose name says so (an {@code Authorization} header, an {@code api_key}), the user info of
 * URLs and their secret query parameters. What was removed is listed, so the author can check nothing else remains.
 * The webhook path and the workflow an event trigger follows are the author's too and are left for the user to give.
 */
final class WorkflowAsTemplate {

    /** The template's workflow and the places something was removed from (e.g. {@code nodes[fetch].config.headers.Authorization}). */
    record Result(ObjectNode workflow, List<String> stripped) {
    }

    static final String PICK = "pick:";

    /** Field and query-parameter names that hold secrets: {@code token}, {@code X-Api-Key}, {@code client_secret}... */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(.*[-_])?(password|passwd|secret|token|api[-_]?key|apikey|authorization|cookie|private[-_]?key|signature)");
    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]+");
    private static final Pattern URL_USER_INFO = Pattern.compile("^([^:]+://)[^/?#@]+@");
    private static final Pattern QUERY_PARAMETER = Pattern.compile("([?&])([^=&#\\s]+)=([^&#\\s]*)");

    private WorkflowAsTemplate() {
    }

    static Result of(JsonNode document, NodeTypes types, Validator.CredentialKinds credentials) {
        ObjectNode workflow = document.deepCopy();
        List<String> stripped = new ArrayList<>();
        if (workflow.get("trigger") instanceof ObjectNode trigger) {
            // the path is the source workflow's; a copy keeping it could not be saved beside it
            trigger.remove("path");
            // the workflow an event trigger follows is the author's: whoever uses the template names one of theirs
            if (trigger.has("workflow")) {
                trigger.put("workflow", "");
            }
            if (trigger.get("auth") instanceof ObjectNode auth) {
                for (String field : TriggerKinds.AUTH_SECRET_FIELDS) {
                    if (auth.remove(field) != null) {
                        stripped.add("trigger.auth." + field);
                    }
                }
            }
        }
        for (JsonNode n : workflow.withArray("nodes")) {
            if (n instanceof ObjectNode node) {
                NodeType type = types.find(node.path("type").asText()).orElse(null);
                pickCredential(node, type, credentials);
                if (node.get("config") instanceof ObjectNode config) {
                    JsonNode schema = type == null ? null : type.configSchema().path("properties");
                    removeSecrets(config, schema, "nodes[" + node.path("id").asText() + "].config", stripped);
                }
            }
        }
        return new Result(workflow, List.copyOf(stripped));
    }

    /** The kind of credential a node of a template names ({@code "pick:<kind>"} on the node or in its config), else null. */
    static String pickedKind(JsonNode node) {
        String ref = node.hasNonNull("credential") ? node.path("credential").asText("")
                : node.path("config").path("credential").asText("");
        return ref.startsWith(PICK) ? ref.substring(PICK.length()) : null;
    }

    /** The node's credential (on it, as §2 puts it, or in its config) becomes the pick of its kind, on the node. */
    private static void pickCredential(ObjectNode node, NodeType type, Validator.CredentialKinds credentials) {
        JsonNode config = node.path("config");
        String id = node.hasNonNull("credential") ? node.get("credential").asText() : config.path("credential").asText(null);
        if (config instanceof ObjectNode c) {
            c.remove("credential");
        }
        node.remove("credential");
        if (id == null || id.isBlank()) {
            return;
        }
        String kind = id.startsWith(PICK) ? id.substring(PICK.length())
                : credentials.kindOf(id).orElse(type == null ? null : type.credentialKind());
        if (kind != null) {
            node.put("credential", PICK + kind);
        }
    }

    private static void removeSecrets(ObjectNode object, JsonNode schema, String at, List<String> stripped) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode declared = schema == null ? null : schema.path(name);
            boolean markedSecret = declared != null && ("password".equals(declared.path("format").asText())
                    || declared.path("writeOnly").asBoolean());
            if (markedSecret || SECRET_NAME.matcher(name).matches()) {
                fields.remove();
                stripped.add(at + "." + name);
            } else if (field.getValue() instanceof ObjectNode inner) {
                removeSecrets(inner, null, at + "." + name, stripped);
            } else if (field.getValue().isArray()) {
                removeSecretsInArray(field.getValue(), at + "." + name, stripped);
            } else if (field.getValue().isTextual()) {
                String cleaned = withoutUrlSecrets(field.getValue().asText());
                if (!cleaned.equals(field.getValue().asText())) {
                    object.put(name, cleaned);
                    stripped.add(at + "." + name);
                }
            }
        }
    }

    private static void removeSecretsInArray(JsonNode array, String at, List<String> stripped) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item instanceof ObjectNode inner) {
                removeSecrets(inner, null, at + "[" + i + "]", stripped);
            } else if (item.isTextual()) {
                String cleaned = withoutUrlSecrets(item.asText());
                if (!cleaned.equals(item.asText())) {
                    ((ArrayNode) array).set(i, cleaned);
                    stripped.add(at + "[" + i + "]");
                }
            }
        }
    }

    /** The text with the user info of each URL in it removed, and the values of the URLs' secret query parameters emptied. */
    static String withoutUrlSecrets(String text) {
        Matcher url = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (url.find()) {
            url.appendReplacement(out, Matcher.quoteReplacement(cleanUrl(url.group())));
        }
        url.appendTail(out);
        return out.toString();
    }

    private static String cleanUrl(String url) {
        Matcher m = QUERY_PARAMETER.matcher(URL_USER_INFO.matcher(url).replaceFirst("$1"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kept = SECRET_NAME.matcher(m.group(2)).matches() ? m.group(1) + m.group(2) + "=" : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        m.appendTail(out);
        return out.toString();
    }
}
