package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.webops.json.Json;
import io.webops.nodes.NodeFailure;
import io.webops.schema.ConfigSchemas;
import io.webops.schema.SchemaProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A JSON answer the node can rely on: the reply must parse and pass its check (a JSON Schema, a
 * choice among options); one that does not is asked for again once, with the problem stated, and
 * then the node fails saying what was wrong.
 */
public final class JsonAnswers {

    private JsonAnswers() {
    }

    /** A check of a parsed answer: null when it is fine, else the problem in a sentence. */
    public interface Check extends Function<JsonNode, String> {
    }

    /** The check of a JSON Schema given in a node's config (compiled once, at deployment). */
    public static Check schema(ConfigSchemas schema) {
        return value -> {
            List<SchemaProblem> problems = schema.validate(value);
            if (problems.isEmpty()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (SchemaProblem p : problems) {
                out.add(p.message().replace("config.", "answer.").replace("config ", "answer "));
            }
            return "it does not match the schema: " + String.join("; ", out);
        };
    }

    /** A reply read: its value when usable, else the problem in a sentence (then {@code value} may be null). */
    public record Reading(JsonNode value, String problem) {
        public boolean usable() {
            return problem == null;
        }
    }

    public static JsonNode ask(LlmClient client, String nodeId, ModelTarget target, List<ChatMessage> messages,
                               boolean jsonMode, Check check, String what, CallLog log) {
        List<ChatMessage> conversation = new ArrayList<>(messages);
        String problem = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            String text = client.chat(nodeId, target, conversation, List.of(), jsonMode, log).text();
            Reading reading = read(text, check);
            if (reading.usable()) {
                return reading.value();
            }
            problem = reading.problem();
            log.repair(problem);
            conversation.addAll(askAgain(text, problem, what));
        }
        throw unusable(nodeId, problem, what);
    }

    /** The reply parsed (a Markdown fence around it dropped) and checked. */
    public static Reading read(String text, Check check) {
        try {
            JsonNode value = Json.parse(stripFences(text));
            return new Reading(value, check == null ? null : check.apply(value));
        } catch (IllegalArgumentException e) {
            return new Reading(null, "it is not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** What goes on the conversation to ask once more: the unusable reply, then the problem stated. */
    public static List<ChatMessage> askAgain(String text, String problem, String what) {
        return List.of(AiMessage.from(text), UserMessage.from("Your answer cannot be used: " + problem + ". Answer again with only "
                + what + ", and nothing else."));
    }

    /** The node's failure when the reply asked for again still cannot be used. */
    public static NodeFailure unusable(String nodeId, String problem, String what) {
        return NodeFailure.data("Node '" + nodeId + "': the model's answer was asked for again and still cannot be used: "
                + problem + " (expected " + what + ")");
    }

    /** Models often wrap JSON in a Markdown code fence; the fence is not part of the answer. */
    static String stripFences(String text) {
        String t = text.strip();
        if (t.startsWith("```")) {
            int firstLine = t.indexOf('\n');
            int end = t.lastIndexOf("```");
            if (firstLine > 0 && end > firstLine) {
                return t.substring(firstLine + 1, end).strip();
            }
        }
        return t;
    }
}
