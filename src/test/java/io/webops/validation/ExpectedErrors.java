package io.webops.validation;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Matches validation errors against a list of expectations: same count, each error paired with
 * one expectation of its own.
 *
 * <p>An expectation is {@code {node_id?, connection?, field?, message, cycle?, not_in_message?}}.
 * {@code node_id}, {@code connection} and {@code field} must equal the error's (absent means the
 * error has none); {@code message} is a substring of the error's message. For a cycle,
 * {@code cycle} lists its nodes in connection order: the message must name them as
 * {@code x -> y -> z -> x}, starting from any of them, and {@code node_id} is the one it starts
 * from. {@code not_in_message} are substrings the message must not contain (e.g. a node
 * downstream of a cycle).
 */
public final class ExpectedErrors {

    private ExpectedErrors() {
    }

    /** Fails naming both lists unless {@code actual} is exactly what {@code expected} describes. */
    public static void assertExactly(String what, JsonNode expected, List<ValidationError> actual) {
        List<JsonNode> expectations = new ArrayList<>();
        expected.forEach(expectations::add);
        if (actual.size() != expectations.size() || !matchAll(actual, expectations, 0, new boolean[expectations.size()])) {
            fail("%s: expected exactly%n  %s%nbut the validator reported%n  %s", what,
                    String.join("\n  ", expectations.stream().map(JsonNode::toString).toList()),
                    String.join("\n  ", actual.stream().map(Json::write).toList()));
        }
    }

    /** Whether every error from {@code i} on can be paired with a distinct unused expectation. */
    private static boolean matchAll(List<ValidationError> actual, List<JsonNode> expectations, int i, boolean[] used) {
        if (i == actual.size()) {
            return true;
        }
        for (int j = 0; j < expectations.size(); j++) {
            if (!used[j] && matches(actual.get(i), expectations.get(j))) {
                used[j] = true;
                if (matchAll(actual, expectations, i + 1, used)) {
                    return true;
                }
                used[j] = false;
            }
        }
        return false;
    }

    private static boolean matches(ValidationError error, JsonNode expectation) {
        String message = error.message();
        if (message == null || !message.contains(expectation.path("message").asText())) {
            return false;
        }
        for (JsonNode absent : expectation.path("not_in_message")) {
            if (message.contains(absent.asText())) {
                return false;
            }
        }
        if (!Objects.equals(error.connection(), expectation.hasNonNull("connection") ? expectation.get("connection").asInt() : null)
                || !Objects.equals(error.field(), text(expectation, "field"))) {
            return false;
        }
        if (expectation.has("cycle")) {
            return namesCycle(error, expectation.get("cycle"));
        }
        return Objects.equals(error.nodeId(), text(expectation, "node_id"));
    }

    /** The message names the cycle's nodes in order, from the node the error points at, back to it. */
    private static boolean namesCycle(ValidationError error, JsonNode cycle) {
        List<String> nodes = new ArrayList<>();
        cycle.forEach(n -> nodes.add(n.asText()));
        int start = nodes.indexOf(error.nodeId());
        if (start < 0) {
            return false;
        }
        List<String> path = new ArrayList<>();
        for (int k = 0; k <= nodes.size(); k++) {
            path.add(nodes.get((start + k) % nodes.size()));
        }
        return error.message().contains(": " + String.join(" -> ", path) + ";");
    }

    private static String text(JsonNode o, String field) {
        return o.hasNonNull(field) ? o.get(field).asText() : null;
    }
}
