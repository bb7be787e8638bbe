package io.webops.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import com.schibsted.spt.data.jslt.ResourceResolver;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;

import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compiles data-transform queries in one of four languages into reusable, thread-safe {@link Transform}s.
 *
 * <ul>
 *   <li>{@code jmespath} — io.burt jmespath-jackson; evaluated directly over Jackson nodes by one shared
 *       {@link JacksonRuntime}.</li>
 *   <li>{@code jsonpath} — Jayway JsonPath over Jackson nodes ({@link JacksonJsonNodeJsonProvider}) with
 *       {@link Option#SUPPRESS_EXCEPTIONS}: a missing definite path yields {@code null}; an indefinite path
 *       (wildcards, filters, deep scan) yields an array. Regular-expression filters ({@code =~}) are refused: the
 *       library matches them on a plain string, so nothing could stop one at the node's timeout.</li>
 *   <li>{@code jslt} — Schibsted JSLT. A query can only call JSLT's built-in functions, pure functions of their
 *       arguments with no I/O and no access to Java or the host (the only non-deterministic ones are {@code now()},
 *       {@code random()} and {@code uuid()}); its regular-expression functions are this runtime's versions of them
 *       ({@link JsltRegex}), which stop at the node's timeout. {@code import} statements are refused: the default
 *       resolver would load modules from the classpath. A query runs within its node's {@link WorkLimits}
 *       ({@link JsltLimits}).</li>
 *   <li>{@code jsonata} — JSONata through the library camel-jsonata brings, within the node's {@link WorkLimits}
 *       ({@link JsonataQuery}); here without variables (a transform in a workflow binds them, {@link DataTransform}).</li>
 * </ul>
 *
 * Queries are parsed once in {@link #compile}; {@link Transform#apply} does no parsing and, for JMESPath and JSLT, no
 * conversion of the input (the libraries work on {@link JsonNode} directly).
 */
public final class Transforms {

    /** The accepted {@code type} values, in the order they are listed in error messages. */
    public static final List<String> TYPES = List.of("jmespath", "jsonpath", "jslt", "jsonata");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One runtime for all JMESPath expressions; it is stateless after construction and thread-safe. */
    private static final JmesPath<JsonNode> JMESPATH = new JacksonRuntime();

    private static final Configuration JSONPATH_CONF = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    /** Refuses every JSLT {@code import}, so queries cannot load modules from the classpath or the file system. */
    private static final ResourceResolver NO_IMPORTS = name -> {
        throw new JsltException("import of \"" + name + "\" is not allowed");
    };

    /** What the constants a JSLT query computes while it is compiled may come to (JSLT folds literal expressions). */
    static final long CONSTANTS_MAX_BYTES = 16L * 1024 * 1024;

    static {
        JsltLimits.install();
    }

    private Transforms() {
    }

    /**
     * Compiles {@code query} in language {@code type} ({@code "jmespath"}, {@code "jsonpath"}, {@code "jslt"} or
     * {@code "jsonata"}, case-insensitive).
     *
     * @throws TransformException if the type is unknown or the query does not compile; the message names the
     *                            language and carries the parser's description of the problem
     */
    public static Transform compile(String type, String query) {
        if (type == null || type.isBlank()) {
            throw new TransformException("transform type is missing; use one of " + String.join(", ", TYPES));
        }
        String t = type.trim().toLowerCase(Locale.ROOT);
        if (query == null || query.isBlank()) {
            throw new TransformException(displayName(t) + ": query is empty");
        }
        switch (t) {
            case "jmespath":
                return compileJmesPath(query);
            case "jsonpath":
                return compileJsonPath(query);
            case "jslt":
                return compileJslt(query);
            case "jsonata":
                return compileJsonata(query);
            default:
                throw new TransformException("unknown transform type '" + type + "'; use one of " + String.join(", ", TYPES));
        }
    }

    private static String displayName(String t) {
        switch (t) {
            case "jmespath": return "JMESPath";
            case "jsonpath": return "JSONPath";
            case "jslt": return "JSLT";
            case "jsonata": return "JSONata";
            default: return t;
        }
    }

    static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }

    /** The library's message on one line (JSLT's parser lists expected tokens over many lines). */
    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.replaceAll("\"\\s*(\\S+?)\\s*\" \\.\\.\\.", "$1") // JavaCC: "\"[\" ..." -> [
                .replaceAll("\\s+", " ")
                .replace("one of: ", "one of ")
                .replaceAll("Encountered \" \\S+ \"(.*?) \"\" at", "Encountered \"$1\" at") // JavaCC token echo
                .strip();
    }

    // ---------------------------------------------------------------- JMESPath

    private static Transform compileJmesPath(String query) {
        final io.burt.jmespath.Expression<JsonNode> expr;
        try {
            expr = JMESPATH.compile(query);
        } catch (JmesPathException e) {
            throw new TransformException("JMESPath: " + message(e), e);
        } catch (StackOverflowError e) {
            throw new TransformException("JMESPath: the query is nested too deeply to compile", null);
        }
        return new Transform() {
            @Override
            public JsonNode apply(JsonNode input) {
                try {
                    return orNull(expr.search(orNull(input)));
                } catch (RuntimeException e) { // ArgumentTypeException etc.
                    throw new TransformException("JMESPath: " + message(e), e);
                }
            }

            @Override
            public String toString() {
                return "jmespath:" + query;
            }
        };
    }

    // ---------------------------------------------------------------- JSONPath

    private static Transform compileJsonPath(String query) {
        if (hasRegexFilter(query)) {
            throw new TransformException("JSONPath: regular-expression filters (=~) are not supported: such a match "
                    + "cannot be stopped at the node's timeout; use a JSLT transform with test(), which can");
        }
        final JsonPath path;
        try {
            path = JsonPath.compile(query);
        } catch (RuntimeException e) { // InvalidPathException, sometimes wrapping a parser crash
            String m = message(e);
            if (m.startsWith("java.")) { // e.g. "java.lang.StringIndexOutOfBoundsException: String index out of range: 9"
                m = "invalid path '" + query + "' (" + m.substring(m.lastIndexOf('.', m.indexOf(':')) + 1) + ")";
            }
            throw new TransformException("JSONPath: " + m, e);
        } catch (StackOverflowError e) {
            throw new TransformException("JSONPath: the query is nested too deeply to compile", null);
        }
        return new Transform() {
            @Override
            public JsonNode apply(JsonNode input) {
                Object result;
                try {
                    result = path.read(orNull(input), JSONPATH_CONF);
                } catch (RuntimeException e) { // not expected with SUPPRESS_EXCEPTIONS, but never leak raw library errors
                    throw new TransformException("JSONPath: " + message(e), e);
                }
                if (result == null) {
                    return NullNode.getInstance();
                }
                if (result instanceof JsonNode) {
                    return (JsonNode) result;
                }
                // function results (length(), sum(), ...) and unwrapped scalars come back as Java values
                return MAPPER.valueToTree(result);
            }

            @Override
            public String toString() {
                return "jsonpath:" + query;
            }
        };
    }

    /** Whether the path uses {@code =~} outside its quoted strings. */
    static boolean hasRegexFilter(String query) {
        char quote = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '=' && i + 1 < query.length() && query.charAt(i + 1) == '~') {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- JSLT

    private static Transform compileJslt(String query) {
        final Expression expr;
        WorkLimits constants = new WorkLimits(CONSTANTS_MAX_BYTES, System.nanoTime() + 10_000_000_000L, () -> false);
        try (Reader reader = new StringReader(query)) {
            expr = JsltLimits.bound(constants.apply(() -> new Parser(reader)
                    .withSource("<query>")
                    .withFunctions(JsltRegex.FUNCTIONS) // JSLT's own regex functions, held to the node's timeout
                    .withResourceResolver(NO_IMPORTS)
                    .compile()));
        } catch (JsltException e) {
            throw new TransformException("JSLT: " + message(e), e);
        } catch (WorkLimits.Exceeded e) {
            throw new TransformException("JSLT: the values the query computes from its literals when it is compiled "
                    + "come to more than " + CONSTANTS_MAX_BYTES / (1024 * 1024) + " MB", e);
        } catch (StackOverflowError e) {
            throw new TransformException("JSLT: the query is nested too deeply to compile", null);
        } catch (Exception e) {
            throw new IllegalStateException(e); // StringReader does not throw
        }
        Objects.requireNonNull(expr);
        return new Transform() {
            @Override
            public JsonNode apply(JsonNode input) {
                try {
                    return orNull(expr.apply(orNull(input)));
                } catch (WorkLimits.Exceeded e) {
                    throw e; // the node's limits: the runtime says which
                } catch (RuntimeException e) { // JsltException, e.g. sum() over a string
                    throw new TransformException("JSLT: " + message(e), e);
                } catch (StackOverflowError e) {
                    throw new TransformException("JSLT: the query recursed too deeply", null);
                }
            }

            @Override
            public String toString() {
                return "jslt:" + query;
            }
        };
    }

    // ---------------------------------------------------------------- JSONata

    private static Transform compileJsonata(String query) {
        JsonataQuery expr = JsonataQuery.compile(query);
        return new Transform() {
            @Override
            public JsonNode apply(JsonNode input) {
                return expr.evaluate(input, io.webops.expr.Vars.empty());
            }

            @Override
            public String toString() {
                return "jsonata:" + query;
            }
        };
    }
}
