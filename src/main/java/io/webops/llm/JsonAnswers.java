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

    public static JsonNode ask(LlmClient client, String nodeId, ModelTarget target, List<ChatMessage> messages,
                               boolean jsonMode, Check check, String what, CallLog log) {
        List<ChatMessage> conversation = new ArrayList<>(messages);
        String problem = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            LlmClient.Reply reply = client.chat(nodeId, target, conversation, List.of(), jsonMode, log);
            String text = reply.text();
            JsonNode value = null;
            try {
                value = Json.parse(stripFences(text));
                problem = check == null ? null : check.apply(value);
            } catch (IllegalArgumentException e) {
                problem = "it is not valid JSON (" + e.getMessage() + ")";
            }
            if (problem == null) {
                return value;
            }
            log.repair(problem);
            conversation.add(AiMessage.from(text));
            conversation.add(UserMessage.from("Your answer cannot be used: " + problem + ". Answer again with only "
                    + what + ", and nothing else."));
        }
        throw NodeFailure.data("Node '" + nodeId + "': the model's answer was asked for again and still cannot be used: "
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
