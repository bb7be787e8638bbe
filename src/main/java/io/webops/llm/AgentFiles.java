package io.webops.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Agents as YAML files, one per agent: {@code <data>/agents/<id>.yaml} (the seed's
 * {@code .webops/agents/}). Files can be written by hand or through {@code PUT /api/agents/{id}};
 * every read goes to the file, so an edit applies to the next node run without a redeploy.
 * Ids are safe file names: letters, digits, {@code _} and {@code -}, at most 64, starting with a
 * letter or digit.
 */
public final class AgentFiles {

    /** A definition that cannot be used, with what is wrong and how to fix it. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Set<String> FIELDS = Set.of("id", "name", "system_prompt", "model", "credential", "tools", "memory_size");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private final Path dir;

    public AgentFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The agent, or empty when no file defines it; {@link Invalid} when the file is not a valid definition. */
    public Optional<Agent> get(String id) {
        requireId(id);
        Path file = dir.resolve(id + ".yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode doc;
        try {
            doc = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new Invalid("agents/" + id + ".yaml is not valid YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        return Optional.of(parse(id, doc, "agents/" + id + ".yaml"));
    }

    /** One file of the folder: its agent, or what is wrong with it. */
    public record Listed(String id, Agent agent, Invalid problem) {
    }

    /** Whether a file defines the agent (valid or not). */
    public boolean exists(String id) {
        requireId(id);
        return Files.isRegularFile(dir.resolve(id + ".yaml"));
    }

    /** Every agent of the folder by id; files that do not parse are listed with their problem. */
    public List<Listed> list() {
        List<Listed> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && isValidId(n.substring(0, n.length() - 5)))
                    .sorted()
                    .forEach(n -> {
                        String id = n.substring(0, n.length() - 5);
                        try {
                            get(id).ifPresent(a -> out.add(new Listed(id, a, null)));
                        } catch (Invalid e) {
                            out.add(new Listed(id, null, e));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        return out;
    }

    /** Writes (creates or replaces) the agent's file from an API body; the body's id, if any, must be the path's. */
    public Agent put(String id, JsonNode body) {
        requireId(id);
        if (body.hasNonNull("id") && !id.equals(body.get("id").asText())) {
            throw new Invalid("The body's id '" + body.get("id").asText() + "' differs from the path's '" + id + "'");
        }
        Agent agent = parse(id, body, "agent");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + id, ".tmp");
            YAML.writeValue(tmp.toFile(), agent.json());
            Files.move(tmp, dir.resolve(id + ".yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write agents/" + id + ".yaml", e);
        }
        return agent;
    }

    public boolean delete(String id) {
        requireId(id);
        try {
            return Files.deleteIfExists(dir.resolve(id + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete agents/" + id + ".yaml", e);
        }
    }

    private static void requireId(String id) {
        if (!isValidId(id)) {
            throw new Invalid("Agent id '" + id + "' is not allowed: use 1 to 64 letters, digits, '_' or '-', starting with a letter or digit");
        }
    }

    static Agent parse(String id, JsonNode doc, String where) {
        if (doc == null || !doc.isObject()) {
            throw new Invalid(where + " must be a mapping with name, system_prompt, model, tools, memory_size");
        }
        for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
            String f = names.next();
            if (!FIELDS.contains(f)) {
                throw new Invalid(where + ": unknown field '" + f + "' (known: id, name, system_prompt, model, credential, tools, memory_size)");
            }
        }
        String name = text(doc, "name", where);
        String prompt = text(doc, "system_prompt", where);
        List<String> tools = new ArrayList<>();
        JsonNode t = doc.get("tools");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw new Invalid(where + ": tools must be a list of tool names (http_fetch, or a workflow id or name)");
            }
            for (JsonNode tool : t) {
                if (!tool.isTextual() || tool.asText().isBlank()) {
                    throw new Invalid(where + ": every tool must be a name (http_fetch, or a workflow id or name)");
                }
                tools.add(tool.asText().trim());
            }
        }
        int memorySize = Agent.DEFAULT_MEMORY_SIZE;
        JsonNode m = doc.get("memory_size");
        if (m != null && !m.isNull()) {
            if (!m.canConvertToInt() || !m.isIntegralNumber() || m.asInt() < 0 || m.asInt() > 200) {
                throw new Invalid(where + ": memory_size must be a whole number from 0 to 200");
            }
            memorySize = m.asInt();
        }
        return new Agent(id, name == null ? id : name, prompt == null ? "" : prompt, text(doc, "model", where),
                text(doc, "credential", where), tools, memorySize);
    }

    private static String text(JsonNode doc, String field, String where) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid(where + ": " + field + " must be a string");
        }
        return v.asText().isBlank() ? null : v.asText();
    }
}
