package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.history.ExecutionRecord;
import io.webops.history.NodeLog;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last line of defence for §7's "secrets never appear in execution logs": before an
 * execution that used credentials is recorded, every occurrence of their secret values (an API
 * echoing a token back, a library quoting a URL in its error) is replaced as
 * {@link ResolvedCredential#scrub(String, Collection)} does in messages.
 */
final class Redaction {

    private Redaction() {
    }

    static ExecutionRecord scrub(ExecutionRecord r, Collection<String> secrets) {
        List<String> values = secrets.stream().filter(s -> s != null && s.length() >= ResolvedCredential.MIN_MASKED_LENGTH).toList();
        if (values.isEmpty()) {
            return r;
        }
        // one node's output is the next one's input, the same object: each is looked through once
        Map<JsonNode, JsonNode> seen = new IdentityHashMap<>();
        java.util.function.UnaryOperator<JsonNode> once = n -> n == null ? null : seen.computeIfAbsent(n, k -> json(k, values));
        List<NodeLog> logs = null;
        if (r.nodeLogs() != null) {
            logs = new ArrayList<>(r.nodeLogs().size());
            for (NodeLog l : r.nodeLogs()) {
                logs.add(new NodeLog(l.nodeId(), l.status(), l.attempts(), l.startedAt(), l.durationMs(),
                        once.apply(l.input()), once.apply(l.output()), text(l.error(), values), l.item(),
                        json(l.details(), values)));
            }
        }
        return new ExecutionRecord(r.id(), r.workflowId(), r.workflowVersion(), r.status(), r.triggerType(),
                json(r.triggerData(), values), once.apply(r.input()), once.apply(r.output()),
                text(r.errorMessage(), values), text(r.errorTraceback(), values), r.startedAt(), r.completedAt(),
                r.durationMs(), logs);
    }

    static String text(String s, List<String> secrets) {
        return ResolvedCredential.scrub(s, secrets);
    }

    /** The same node when nothing in it holds a secret, else a scrubbed copy (values are shared between logs). */
    static JsonNode json(JsonNode node, List<String> secrets) {
        if (node == null || !contains(node, secrets)) {
            return node;
        }
        if (node.isTextual()) {
            return Json.NODES.textNode(text(node.asText(), secrets));
        }
        if (node.isArray()) {
            ArrayNode out = Json.NODES.arrayNode(node.size());
            node.forEach(e -> out.add(json(e, secrets)));
            return out;
        }
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.set(text(f.getKey(), secrets), json(f.getValue(), secrets));
        }
        return out;
    }

    private static boolean contains(JsonNode node, List<String> secrets) {
        if (node.isTextual()) {
            return holds(node.asText(), secrets);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (holds(f.getKey(), secrets) || contains(f.getValue(), secrets)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode child : node) {
            if (contains(child, secrets)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(String s, List<String> secrets) {
        for (String secret : secrets) {
            if (s.contains(secret)) {
                return true;
            }
        }
        return false;
    }
}
