package io.webops.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.SchemaLoader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node type's config schema, compiled once and reused to validate configs.
 *
 * <p>Schemas are JSON Schema draft 2020-12 by default; a {@code $schema} of draft 2019-09, 7, 6 or 4 selects that
 * draft instead. Validation is done by networknt json-schema-validator; its findings are turned into
 * {@link SchemaProblem}s with a dotted field path and a plain-English message, and {@code anyOf}/{@code oneOf}
 * failures are reduced to one message (or to the errors of the single branch that plausibly applies).
 *
 * <p><b>No network access.</b> The schema factories are built with a {@link SchemaLoader} that refuses every
 * resource except the JSON Schema meta-schemas bundled in the validator jar. A {@code $ref} to anything outside the
 * schema document itself (e.g. {@code https://example.com/common.json}) therefore fails in {@link #compile} with a
 * clear error instead of being fetched. All references are resolved eagerly in {@link #compile}, so
 * {@link #validate} never loads anything.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ConfigSchemas {

    /** Only the bundled meta-schemas (json-schema.org ids are mapped to {@code classpath:draft...}) may be loaded. */
    private static final SchemaLoader OFFLINE = iri -> {
        String s = iri.toString();
        if (s.startsWith("classpath:draft") || s.startsWith("classpath:/draft")) {
            return null; // let the validator's own ClasspathSchemaLoader serve its bundled meta-schema
        }
        throw new JsonSchemaException("schema '" + s + "' cannot be loaded: remote and external $ref are disabled;"
                + " put the definition under $defs and use a local \"#/$defs/...\" reference");
    };

    private static final Map<VersionFlag, JsonSchemaFactory> FACTORIES = new EnumMap<>(VersionFlag.class);

    static {
        for (VersionFlag v : VersionFlag.values()) {
            FACTORIES.put(v, JsonSchemaFactory.getInstance(v, b -> b.schemaLoaders(l -> l.add(OFFLINE))));
        }
    }

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .failFast(false)
            .build();

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private final JsonSchema schema;

    private ConfigSchemas(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * Compiles a config schema. All {@code $ref}s are resolved now; external ones are rejected (see class docs).
     *
     * @throws IllegalArgumentException if the schema is missing, uses an unsupported {@code $schema} or cannot be
     *                                  compiled
     */
    public static ConfigSchemas compile(JsonNode schema) {
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            throw new IllegalArgumentException("config schema is missing");
        }
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new IllegalArgumentException("config schema must be a JSON object, not " + schema.getNodeType());
        }
        VersionFlag version = VersionFlag.V202012;
        JsonNode declared = schema.path("$schema");
        if (declared.isTextual()) {
            version = VersionFlag.fromId(declared.asText())
                    .or(() -> VersionFlag.fromId(declared.asText().replaceAll("#$", "")))
                    .or(() -> VersionFlag.fromId(declared.asText() + "#"))
                    .orElseThrow(() -> new IllegalArgumentException("unsupported $schema '" + declared.asText()
                            + "'; use https://json-schema.org/draft/2020-12/schema (default), draft 2019-09 or draft-07"));
        }
        try {
            JsonSchema compiled = FACTORIES.get(version).getSchema(schema, CONFIG);
            compiled.initializeValidators(); // resolve every $ref now, so validate() never loads anything
            return new ConfigSchemas(compiled);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid config schema: " + e.getMessage(), e);
        }
    }

    /**
     * Validates a config. Returns every problem at once (empty if valid), ordered by field. {@code null} (or JSON
     * null) is treated as an empty object.
     */
    public List<SchemaProblem> validate(JsonNode config) {
        JsonNode instance = config == null || config.isNull() || config.isMissingNode()
                ? JsonNodeFactory.instance.objectNode() : config;
        Set<ValidationMessage> messages = schema.validate(instance);
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            findings.add(new Finding(m, elements(m.getInstanceLocation()), strings(m.getEvaluationPath()), 0));
        }
        List<Problem> problems = reduce(findings);
        problems.sort(Comparator.comparing((Problem p) -> p.path, ConfigSchemas::comparePaths)
                .thenComparing(p -> p.message));
        Set<SchemaProblem> out = new LinkedHashSet<>();
        for (Problem p : problems) {
            out.add(new SchemaProblem(field(p.path), p.message));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- anyOf / oneOf reduction

    /** A library message with its instance path and the part of its evaluation path still to be examined. */
    private record Finding(ValidationMessage vm, List<Object> inst, List<String> eval, int from) {
        Finding from(int newFrom) {
            return new Finding(vm, inst, eval, newFrom);
        }
    }

    private record Problem(List<Object> path, String message) {
    }

    private static int combinatorIndex(Finding f) {
        for (int i = f.from; i < f.eval.size(); i++) {
            String s = f.eval.get(i);
            if (s.equals("anyOf") || s.equals("oneOf")) {
                return i;
            }
        }
        return -1;
    }

    private static List<Problem> reduce(List<Finding> findings) {
        List<Problem> out = new ArrayList<>();
        Map<List<String>, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : findings) {
            int i = combinatorIndex(f);
            if (i < 0) {
                out.add(describe(f.vm, f.inst));
            } else {
                groups.computeIfAbsent(f.eval.subList(0, i + 1), k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<List<String>, List<Finding>> g : groups.entrySet()) {
            out.addAll(reduceCombinator(g.getKey(), g.getValue()));
        }
        return out;
    }

    /**
     * Reduces the findings of one failing anyOf/oneOf. If exactly one branch is plausible (its type and any
     * const/enum "discriminator" properties match), that branch's own problems are reported; otherwise one message.
     */
    private static List<Problem> reduceCombinator(List<String> prefix, List<Finding> group) {
        int at = prefix.size(); // index of the branch number in the evaluation path
        String keyword = prefix.get(at - 1);
        ValidationMessage self = null;
        Map<String, List<Finding>> branches = new LinkedHashMap<>();
        for (Finding f : group) {
            if (f.eval.size() == at) {
                self = f.vm;
            } else {
                branches.computeIfAbsent(f.eval.get(at), k -> new ArrayList<>()).add(f);
            }
        }
        List<Object> location = self != null ? elements(self.getInstanceLocation()) : commonPrefix(group);

        if (self != null && "oneOf".equals(keyword) && self.getArguments() != null && self.getArguments().length > 0
                && !"0".equals(String.valueOf(self.getArguments()[0]))) {
            return List.of(new Problem(location, display(location) + " matches more than one of the allowed forms;"
                    + " it must match exactly one"));
        }

        List<String> plausible = new ArrayList<>();
        List<String> expectedTypes = new ArrayList<>();
        boolean allTypeMismatch = !branches.isEmpty();
        // discriminator property → values the branches accept; null once the branches disagree on the property
        Object discriminator = null;
        List<String> discriminatorValues = new ArrayList<>();
        boolean allDiscriminated = !branches.isEmpty();
        List<String> requiredByAll = null; // properties every branch reports as missing at the location
        for (Map.Entry<String, List<Finding>> b : branches.entrySet()) {
            List<String> required = new ArrayList<>();
            for (Finding f : b.getValue()) {
                if ("required".equals(f.vm.getType()) && f.inst.equals(location) && f.vm.getProperty() != null) {
                    required.add(f.vm.getProperty());
                }
            }
            if (requiredByAll == null) {
                requiredByAll = required;
            } else {
                requiredByAll.retainAll(required);
            }
            boolean ruledOut = false;
            boolean typeMismatch = false;
            boolean discriminated = false;
            for (Finding f : b.getValue()) {
                String type = f.vm.getType();
                if ("type".equals(type) && f.inst.equals(location)) {
                    ruledOut = typeMismatch = true;
                    for (String t : typeNames(f.vm.getSchemaNode())) {
                        if (!expectedTypes.contains(t)) {
                            expectedTypes.add(t);
                        }
                    }
                } else if (("const".equals(type) || "enum".equals(type)) && f.inst.size() == location.size() + 1
                        && f.inst.subList(0, location.size()).equals(location)) {
                    ruledOut = true; // discriminator property such as {"kind": {"const": "basic"}} does not match
                    Object name = f.inst.get(location.size());
                    if (!discriminated && (discriminator == null || discriminator.equals(name))) {
                        discriminator = name;
                        discriminated = true;
                        JsonNode sn = f.vm.getSchemaNode();
                        for (JsonNode v : "enum".equals(type) && sn != null && sn.isArray() ? sn : List.of(sn)) {
                            if (!discriminatorValues.contains(literal(v))) {
                                discriminatorValues.add(literal(v));
                            }
                        }
                    }
                }
            }
            allTypeMismatch &= typeMismatch;
            allDiscriminated &= discriminated && !typeMismatch;
            if (!ruledOut) {
                plausible.add(b.getKey());
            }
        }
        if (plausible.size() == 1) {
            List<Finding> chosen = new ArrayList<>();
            for (Finding f : branches.get(plausible.get(0))) {
                chosen.add(f.from(at + 1));
            }
            return reduce(chosen);
        }
        if (allDiscriminated && discriminator != null) {
            List<Object> p = new ArrayList<>(location);
            p.add(discriminator);
            return List.of(new Problem(p, display(p) + " must be one of " + String.join(", ", discriminatorValues)));
        }
        if (allTypeMismatch && !expectedTypes.isEmpty()) {
            return List.of(new Problem(location, display(location) + " must be " + typePhrase(expectedTypes)));
        }
        if (requiredByAll != null && !requiredByAll.isEmpty()) {
            List<Problem> missing = new ArrayList<>();
            for (String name : requiredByAll) {
                List<Object> p = child(location, name);
                missing.add(new Problem(p, display(p) + " is required"));
            }
            return missing;
        }
        return List.of(new Problem(location, display(location) + " does not match any of the allowed forms"));
    }

    private static List<Object> commonPrefix(List<Finding> group) {
        List<Object> prefix = group.get(0).inst;
        for (Finding f : group) {
            int n = 0;
            while (n < prefix.size() && n < f.inst.size() && prefix.get(n).equals(f.inst.get(n))) {
                n++;
            }
            prefix = prefix.subList(0, n);
        }
        return prefix;
    }

    // ---------------------------------------------------------------- messages

    private static Problem describe(ValidationMessage m, List<Object> path) {
        String type = m.getType() == null ? "" : m.getType();
        JsonNode s = m.getSchemaNode();
        String property = m.getProperty();
        switch (type) {
            case "required":
            case "dependentRequired":
            case "dependencies":
                if (property != null) {
                    List<Object> p = child(path, property);
                    return new Problem(p, display(p) + " is required");
                }
                break;
            case "additionalProperties":
            case "unevaluatedProperties":
                if (property != null) {
                    List<Object> p = child(path, property);
                    return new Problem(p, display(p) + " is not an allowed property");
                }
                break;
            case "type":
                return new Problem(path, display(path) + " must be " + typePhrase(typeNames(s)));
            case "enum":
                if (s != null && s.isArray()) {
                    List<String> values = new ArrayList<>();
                    s.forEach(v -> values.add(literal(v)));
                    return new Problem(path, display(path) + " must be one of " + String.join(", ", values));
                }
                break;
            case "const":
                return new Problem(path, display(path) + " must be " + literal(s));
            case "minimum":
                return new Problem(path, display(path) + " must be at least " + literal(s));
            case "maximum":
                return new Problem(path, display(path) + " must be at most " + literal(s));
            case "exclusiveMinimum":
                return new Problem(path, display(path) + " must be greater than " + literal(s));
            case "exclusiveMaximum":
                return new Problem(path, display(path) + " must be less than " + literal(s));
            case "multipleOf":
                return new Problem(path, display(path) + " must be a multiple of " + literal(s));
            case "minLength":
                return new Problem(path, s != null && s.asInt() == 1 ? display(path) + " must not be empty"
                        : display(path) + " must be at least " + literal(s) + " characters long");
            case "maxLength":
                return new Problem(path, display(path) + " must be at most " + literal(s) + " characters long");
            case "pattern":
                return new Problem(path, display(path) + " must match the pattern " + literal(s));
            case "format":
                return new Problem(path, display(path) + " must be a valid " + literal(s));
            case "minItems":
                return new Problem(path, s != null && s.asInt() == 1 ? display(path) + " must not be empty"
                        : display(path) + " must have at least " + literal(s) + " items");
            case "maxItems":
                return new Problem(path, display(path) + " must have at most " + literal(s) + " items");
            case "uniqueItems":
                return new Problem(path, display(path) + " must not contain duplicate items");
            case "minProperties":
                return new Problem(path, display(path) + " must have at least " + literal(s) + " properties");
            case "maxProperties":
                return new Problem(path, display(path) + " must have at most " + literal(s) + " properties");
            case "not":
                return new Problem(path, display(path) + " has a value that is not allowed here");
            case "false":
                return new Problem(path, display(path) + " is not allowed");
            default:
                break;
        }
        // Anything else: the library's message without its "/json/pointer: " prefix.
        String text = m.getMessage() == null ? type : m.getMessage();
        int colon = text.indexOf(": ");
        if (colon >= 0 && (colon == 0 || text.startsWith("/") || text.startsWith("$"))) {
            text = text.substring(colon + 2);
        }
        return new Problem(path, display(path) + ": " + text);
    }

    private static List<String> typeNames(JsonNode typeKeyword) {
        List<String> out = new ArrayList<>();
        if (typeKeyword == null) {
            return out;
        }
        if (typeKeyword.isArray()) {
            typeKeyword.forEach(t -> out.add(t.asText()));
        } else {
            out.add(typeKeyword.asText());
        }
        return out;
    }

    private static String typePhrase(List<String> types) {
        List<String> phrases = new ArrayList<>();
        for (String t : types) {
            switch (t) {
                case "integer": phrases.add("an integer"); break;
                case "number": phrases.add("a number"); break;
                case "string": phrases.add("a string"); break;
                case "boolean": phrases.add("a boolean (true or false)"); break;
                case "object": phrases.add("an object"); break;
                case "array": phrases.add("an array"); break;
                case "null": phrases.add("null"); break;
                default: phrases.add(t);
            }
        }
        if (phrases.size() <= 1) {
            return phrases.isEmpty() ? "of the declared type" : phrases.get(0);
        }
        return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " or " + phrases.get(phrases.size() - 1);
    }

    private static String literal(JsonNode v) {
        if (v == null) {
            return "null";
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    // ---------------------------------------------------------------- paths

    private static List<Object> elements(JsonNodePath path) {
        List<Object> out = new ArrayList<>();
        if (path != null) {
            for (int i = 0; i < path.getNameCount(); i++) {
                out.add(path.getElement(i));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNodePath path) {
        List<String> out = new ArrayList<>();
        if (path != null) {
            for (int i = 0; i < path.getNameCount(); i++) {
                out.add(String.valueOf(path.getElement(i)));
            }
        }
        return out;
    }

    private static List<Object> child(List<Object> path, String name) {
        List<Object> p = new ArrayList<>(path);
        p.add(name);
        return p;
    }

    /** {@code ["operations", 0, "op"]} → {@code operations[0].op}; odd names are quoted: {@code headers["X-Id.v"]}. */
    static String field(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object e : path) {
            if (e instanceof Integer) {
                sb.append('[').append(e).append(']');
            } else {
                String name = String.valueOf(e);
                if (IDENTIFIER.matcher(name).matches()) {
                    if (sb.length() > 0) {
                        sb.append('.');
                    }
                    sb.append(name);
                } else {
                    sb.append("[\"").append(name.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
                }
            }
        }
        return sb.toString();
    }

    private static String display(List<Object> path) {
        String f = field(path);
        return f.isEmpty() ? "config" : f.startsWith("[") ? "config" + f : "config." + f;
    }

    private static int comparePaths(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x instanceof Integer && y instanceof Integer) {
                c = Integer.compare((Integer) x, (Integer) y);
            } else if (x instanceof Integer) {
                c = -1;
            } else if (y instanceof Integer) {
                c = 1;
            } else {
                c = String.valueOf(x).compareTo(String.valueOf(y));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
