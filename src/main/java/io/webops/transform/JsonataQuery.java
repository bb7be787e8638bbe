package io.webops.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Vars;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSONata expression, compiled once by the library camel-jsonata brings (dashjoin jsonata-java), evaluated over the
 * input with {@code $data}, and where the expression names them {@code $nodes}, {@code $trigger}, {@code $execution}
 * and {@code $item}, bound as variables. The library is called directly, never through Camel's endpoint, so an
 * expression is only ever JSONata: {@code {{env:HOME}}} or {@code ${sys:user.home}} in it are JSONata text.
 *
 * <p>Evaluation runs within the {@link WorkLimits} of the work on its thread (a condition tested by Camel's
 * {@code choice} has none: it gets {@link #OWN_LIMIT_BYTES} and {@link #OWN_LIMIT_NANOS}): every step of the
 * evaluation looks at the node's deadline and at whether its execution still runs, nesting stops at
 * {@value #MAX_DEPTH}, every string and array a step gives is held to the value limit (strings also count to the
 * total), and
 * {@code $pad} is refused a width past the limit before it builds anything. Regular expressions are refused when the
 * expression is compiled, and {@code $eval} when it is called: a match runs inside {@link Pattern} where no step
 * could stop it at the node's timeout (a JSLT transform's {@code test()} can be stopped).
 */
final class JsonataQuery {

    /** How deeply evaluation may nest (function calls, blocks, paths) before it is stopped. */
    static final int MAX_DEPTH = 200;
    static final long OWN_LIMIT_BYTES = 16L * 1024 * 1024;
    static final long OWN_LIMIT_NANOS = 10_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VARIABLES = Pattern.compile("\\$(nodes|trigger|execution|item)\\b");
    /** What one array element costs at least, written out ({@code 1,}), as {@link BoundedNodes} counts it. */
    private static final long REFERENCE = 2;

    private final Jsonata expression;
    private final String source;
    private final Set<String> variables;

    private JsonataQuery(Jsonata expression, String source, Set<String> variables) {
        this.expression = expression;
        this.source = source;
        this.variables = variables;
    }

    /** @throws TransformException naming the problem and its position when {@code source} is not JSONata */
    static JsonataQuery compile(String source) {
        Jsonata expression;
        try {
            expression = Jsonata.jsonata(source);
        } catch (JException e) {
            throw new TransformException("JSONata: " + describe(e), e);
        } catch (RuntimeException e) {
            throw new TransformException("JSONata: " + Transforms.message(e), e);
        } catch (StackOverflowError e) {
            throw new TransformException("JSONata: the expression is nested too deeply to compile", null);
        }
        if (RegexFinder.uses(expression)) {
            throw new TransformException("JSONata: regular expressions (/.../) are not supported: such a match cannot "
                    + "be stopped at the node's timeout; use a JSLT transform with test(), which can", null);
        }
        Set<String> variables = new LinkedHashSet<>();
        Matcher m = VARIABLES.matcher(source);
        while (m.find()) {
            variables.add(m.group(1));
        }
        return new JsonataQuery(expression, source, Set.copyOf(variables));
    }

    /** The value of the expression over {@code data}; absent is JSON null. */
    JsonNode evaluate(JsonNode data, Vars vars) {
        return toJson(bounded(limits -> run(data, vars, limits)));
    }

    /** Whether the expression's value is true as JSONata's {@code $boolean} reads it. */
    boolean test(JsonNode data, Vars vars) {
        return Jsonata.boolize(bounded(limits -> run(data, vars, limits)));
    }

    /** Runs the evaluation within the limits of the work on this thread, or its own when there are none. */
    private static Object bounded(java.util.function.Function<WorkLimits, Object> evaluation) {
        WorkLimits limits = WorkLimits.current();
        if (limits != null) {
            return evaluation.apply(limits);
        }
        WorkLimits own = new WorkLimits(OWN_LIMIT_BYTES, System.nanoTime() + OWN_LIMIT_NANOS, () -> false);
        try {
            return own.apply(() -> evaluation.apply(own));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // the evaluation throws nothing checked
        }
    }

    String source() {
        return source;
    }

    private Object run(JsonNode data, Vars vars, WorkLimits limits) {
        Jsonata.Frame frame = expression.createFrame();
        frame.bind("data", toJava(data));
        for (String name : variables) {
            frame.bind(name, toJava(vars.lookup(name)));
        }
        frame.bind("eval", Jsonata.function("eval", (Object expr, Object context) -> {
            throw new JException("$eval is not available: an expression it reads could not be checked before it runs", -1);
        }, "<sx?:x>"));
        frame.bind("pad", Jsonata.function("pad", (String text, Number width, String padding) -> {
            if (width != null) {
                limits.holds(Math.abs(width.longValue()) + 2);
            }
            return com.dashjoin.jsonata.Functions.pad(text, width, padding);
        }, "<s-ns?:s>"));
        int[] depth = {0};
        frame.setEvaluateEntryCallback((expr, input, environment) -> {
            if (++depth[0] > MAX_DEPTH) {
                throw new JException("the expression nests more than " + MAX_DEPTH + " levels deep while it runs", -1);
            }
            limits.tick();
        });
        frame.setEvaluateExitCallback((expr, input, environment, result) -> {
            depth[0]--;
            if (result instanceof String text) {
                limits.holds(text.length() + 2L);
                limits.built(text.length());
            } else if (result instanceof Collection<?> list) { // often the input's own array: held, not counted as built
                limits.holds(list.size() * REFERENCE);
            }
        });
        try {
            return expression.evaluate(toJava(data), frame);
        } catch (WorkLimits.Exceeded e) {
            throw e;
        } catch (JException e) {
            throw new TransformException("JSONata: " + describe(e), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof WorkLimits.Exceeded exceeded) {
                throw exceeded;
            }
            throw new TransformException("JSONata: " + Transforms.message(e), e);
        } catch (StackOverflowError e) {
            throw new TransformException("JSONata: the expression recursed too deeply", null);
        }
    }

    private static String describe(JException e) {
        String message = Transforms.message(e);
        return e.getLocation() >= 0 ? message + " (at " + e.getLocation() + ")" : message;
    }

    private static Object toJava(JsonNode value) {
        return value == null || value.isMissingNode() ? null : MAPPER.convertValue(value, Object.class);
    }

    /** JSONata's Java values as JSON; integral doubles are written as integers, as JSONata's JSON has it. */
    static JsonNode toJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NullNode.getInstance();
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return integral((long) d);
            }
            return value instanceof BigDecimal big ? f.numberNode(big) : f.numberNode(d);
        }
        if (value instanceof BigInteger big) {
            return f.numberNode(big);
        }
        if (value instanceof Number n) {
            return integral(n.longValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = f.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = f.arrayNode(list.size());
            list.forEach(v -> array.add(toJson(v)));
            return array;
        }
        throw new TransformException("JSONata: the expression gives a function, not a value", null);
    }

    /** An int node where the value fits one, as Jackson reads JSON. */
    private static JsonNode integral(long value) {
        return value == (int) value ? JsonNodeFactory.instance.numberNode((int) value)
                : JsonNodeFactory.instance.numberNode(value);
    }

    /**
     * Finds regular-expression literals in a compiled expression: the parser stores each as a {@link Pattern} in its
     * syntax tree, which the library does not expose, so the tree is read by reflection (jsonata 0.9.9, the version
     * Camel 4.17 brings; JsonataTest fails if an upgrade moves it).
     */
    private static final class RegexFinder {

        private static final Class<?> SYMBOL = symbolClass();

        private static Class<?> symbolClass() {
            try {
                return Class.forName("com.dashjoin.jsonata.Parser$Symbol");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("JSONata's parser has no Parser.Symbol; expressions could not be "
                        + "checked for regular expressions", e);
            }
        }

        static boolean uses(Jsonata expression) {
            try {
                Field ast = Jsonata.class.getDeclaredField("ast");
                ast.setAccessible(true);
                return contains(ast.get(expression), new IdentityHashMap<>());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("JSONata's syntax tree is not as expected (" + e + "); an expression "
                        + "could not be checked for regular expressions", e);
            }
        }

        private static boolean contains(Object node, Map<Object, Boolean> seen) throws IllegalAccessException {
            if (node instanceof Pattern) {
                return true;
            }
            if (node == null || seen.put(node, Boolean.TRUE) != null) {
                return false;
            }
            if (node instanceof Collection<?> items) {
                for (Object item : items) {
                    if (contains(item, seen)) {
                        return true;
                    }
                }
                return false;
            }
            if (node instanceof Object[] items) {
                for (Object item : items) {
                    if (contains(item, seen)) {
                        return true;
                    }
                }
                return false;
            }
            if (!SYMBOL.isInstance(node)) {
                return false;
            }
            for (Class<?> c = node.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || f.isSynthetic()) {
                        continue;
                    }
                    f.setAccessible(true);
                    if (contains(f.get(node), seen)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
