package io.webops.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Message;

/**
 * Started by each message of a source Kamelet: the workflow holds one {@code kamelet:<name>-source} node,
 * which renders the trigger route's {@code from: kamelet:<name>} itself (its config and credential are the node's), so
 * this kind has no {@code from} of its own. The message becomes the input: its body parsed when it is JSON, else
 * {@code {"body": text, "headers": {...}}} with the headers that are plain text, numbers or booleans. The route's
 * exchange completes when the execution has ended, so a source that acknowledges (JMS, a file it moves) does so after
 * the run.
 */
final class KameletTrigger implements TriggerKind {

    /** A header value longer than this is left out of the input. */
    private static final int MAX_HEADER_CHARS = 4096;

    @Override
    public TriggerType type() {
        return TriggerType.KAMELET;
    }

    @Override
    public Map<String, Object> from(String workflowId, Trigger trigger) {
        return null; // the source node's type renders it (NodeType#triggerFrom)
    }

    @Override
    public boolean start(TriggerCall call, AsyncCallback callback) {
        JsonNode[] inputAndData = inputOf(call.exchange().getMessage());
        call.start(inputAndData[0], inputAndData[1]).whenComplete((r, e) -> callback.done(false));
        return false;
    }

    @Override
    public void stopping(TriggerCall call, long retryAfterSeconds) {
        JsonNode[] inputAndData = inputOf(call.exchange().getMessage());
        call.leaveForResume(inputAndData[0], inputAndData[1]);
    }

    /** The execution's input and trigger data ({@code {"headers": {...}}}) from one message. */
    static JsonNode[] inputOf(Message message) {
        ObjectNode headers = Json.object();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof String s && s.length() <= MAX_HEADER_CHARS) {
                headers.put(name, s);
            } else if (value instanceof Number || value instanceof Boolean) {
                headers.put(name, String.valueOf(value));
            }
        });
        Object body = message.getBody();
        String text = body == null ? "" : body instanceof JsonNode j ? j.toString() : message.getBody(String.class);
        JsonNode input = null;
        if (text != null && !text.isBlank()) {
            try {
                input = Json.MAPPER.readTree(text);
            } catch (java.io.IOException notJson) {
                input = null;
            }
        }
        if (input == null || input.isMissingNode()) {
            ObjectNode wrapped = Json.object();
            wrapped.put("body", text == null ? "" : text);
            wrapped.set("headers", headers);
            input = wrapped;
        }
        ObjectNode data = Json.object();
        data.set("headers", headers);
        return new JsonNode[] {input, data};
    }
}
