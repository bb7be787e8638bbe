package io.webops.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.util.List;

/**
 * An agent, defined once and used by the agent nodes: its system prompt, model (and optional
 * {@code openai} credential), the tools it may call and how many recent conversation messages
 * its prompts carry ({@code memory_size}).
 */
public record Agent(String id, String name, String systemPrompt, String model, String credential,
                    List<String> tools, int memorySize) {

    public static final int DEFAULT_MEMORY_SIZE = 10;

    public Agent {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public ObjectNode json() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("name", name);
        out.put("system_prompt", systemPrompt);
        if (model == null) {
            out.putNull("model");
        } else {
            out.put("model", model);
        }
        ArrayNode t = out.putArray("tools");
        tools.forEach(t::add);
        out.put("memory_size", memorySize);
        if (credential != null) {
            out.put("credential", credential);
        }
        return out;
    }
}
