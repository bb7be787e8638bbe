package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;

/**
 * What one node's model work looked like, for its node log ({@code NodeResult.withDetails}):
 * model, each call's latency and token usage, the totals, tool calls with their results, and
 * what was recalled. Never holds a key: only what was sent to and answered by the model.
 */
public final class CallLog {

    private final ObjectNode details = Json.object();
    private final ArrayNode calls = details.putArray("calls");
    private final ArrayNode toolCalls = details.putArray("tool_calls");
    private long inputTokens;
    private long outputTokens;
    private long latencyMillis;

    void call(String model, Integer input, Integer output, long latency, String finishReason) {
        ObjectNode c = calls.addObject();
        c.put("model", model);
        c.put("latency_ms", latency);
        if (input != null) {
            c.put("input_tokens", input);
            inputTokens += input;
        }
        if (output != null) {
            c.put("output_tokens", output);
            outputTokens += output;
        }
        if (finishReason != null) {
            c.put("finish_reason", finishReason);
        }
        details.put("model", model);
        latencyMillis += latency;
    }

    /** A tool the model called, its arguments and what it answered (or the error it got). */
    public void toolCall(String name, JsonNode arguments, JsonNode result, String error) {
        ObjectNode t = toolCalls.addObject();
        t.put("tool", name);
        t.set("arguments", arguments);
        if (error != null) {
            t.put("error", error);
        } else {
            t.set("result", result);
        }
    }

    /** A reply that did not parse or match its schema, and the problem stated when asking again. */
    public void repair(String problem) {
        details.withArray("repairs").add(problem);
    }

    /** Anything else worth showing (recalled memories, feedback used, the agent). */
    public void note(String field, JsonNode value) {
        details.set(field, value);
    }

    public ArrayNode toolCalls() {
        return toolCalls;
    }

    public JsonNode details() {
        ObjectNode usage = details.putObject("token_usage");
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        usage.put("total_tokens", inputTokens + outputTokens);
        details.put("latency_ms", latencyMillis);
        return details;
    }
}
