package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A string template with placeholders whose values come from {@link Expression}s over {@link Vars}.
 *
 * <h2>Placeholder syntaxes</h2>
 * <ul>
 *   <li>{@link Syntax#MUSTACHE} (always on): {@code {{ expr }}} with any {@link Expression} inside. The placeholder
 *       ends at the first {@code }}} outside a quoted string. A {@code {{} without a closing {@code }}}, or a
 *       placeholder whose content does not parse (e.g. {@code {{env:HOME}}}, {@code {{ }}}), is a
 *       <b>parse error</b> naming the position in the template, so validation reports it when a workflow is
 *       saved.</li>
 *   <li>{@link Syntax#DOLLAR}: {@code ${name}} or {@code ${a.b.c}}: only an identifier path, no spaces, first
 *       segment not a keyword. Anything else after {@code ${} ({@code ${bean:foo}}, {@code ${ x }},
 *       {@code ${a[0]}}) is left as literal text, because {@code ${...}} is common in shell and JavaScript snippets.
 *       {@code ${sys.user.home}} is simply a lookup of the variable {@code sys} (normally absent, so it renders
 *       as {@code ""}).</li>
 *   <li>{@link Syntax#BRACE}: {@code {name}} or {@code {a.b}} with the same identifier-path rule; everything else,
 *       such as {@code { not a path }} or JSON like {@code {"a":1}}, stays literal.</li>
 * </ul>
 * {@code {{} is always recognised first. There is no escaping: {@code \{{} is a backslash followed by a placeholder.
 * Anything else ({@code #{x}}, {@code %{x}}, {@code $x}) is literal text.
 *
 * <h2>Rendering</h2>
 * null/missing render as {@code ""}, strings raw, numbers as JSON numbers ({@code 1.0} stays {@code 1.0},
 * {@code 3} stays {@code 3}), booleans as {@code true}/{@code false}, objects and arrays as compact JSON.
 * Output is never interpreted again (no recursive expansion), and nothing in this package reads environment
 * variables, system properties or any other host state: placeholders only see {@link Vars}.
 *
 * <h2>Bounds</h2>
 * Template source and rendered output are limited to {@value Expression#MAX_SIZE} characters; each placeholder
 * expression obeys the {@link Expression} bounds; one {@link #render}/{@link #renderValue} call shares one step
 * budget of {@value Expression#MAX_STEPS} across all its placeholders.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Template {

    /** Placeholder syntaxes. {@link #MUSTACHE} is always enabled. */
    public enum Syntax { MUSTACHE, DOLLAR, BRACE }

    private static final Syntax[] NONE = new Syntax[0];

    private final String source;
    /** Literal {@code String}s and {@code Expression}s, in order; adjacent literals merged. */
    private final Object[] parts;
    private final Set<String> roots;

    private Template(String source, Object[] parts) {
        this.source = source;
        this.parts = parts;
        Set<String> r = new LinkedHashSet<>();
        for (Object part : parts) {
            if (part instanceof Expression) {
                r.addAll(((Expression) part).roots());
            }
        }
        this.roots = Collections.unmodifiableSet(r);
    }

    /**
     * Parses a template. {@link Syntax#MUSTACHE} is always on; pass {@link Syntax#DOLLAR} and/or
     * {@link Syntax#BRACE} to enable the others.
     *
     * @throws ExpressionException for an unclosed {@code {{} or a {@code {{ }}} placeholder that does not parse;
     *                             the position is an offset in {@code source}
     */
    public static Template parse(String source, Syntax... extra) {
        if (source == null) {
            throw new ExpressionException("template is null", -1);
        }
        if (source.length() > Expression.MAX_SIZE) {
            throw new ExpressionException("template too long: " + source.length() + " characters (max "
                    + Expression.MAX_SIZE + ")", -1);
        }
        boolean dollar = false;
        boolean brace = false;
        for (Syntax s : extra == null ? NONE : extra) {
            dollar |= s == Syntax.DOLLAR;
            brace |= s == Syntax.BRACE;
        }
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '{' && i + 1 < n && source.charAt(i + 1) == '{') {
                int close = findMustacheClose(source, i + 2);
                if (close < 0) {
                    throw new ExpressionException("unclosed '{{' (missing '}}')", i);
                }
                String content = source.substring(i + 2, close);
                Expression e = Expression.parse(content, i + 2);
                flush(literal, parts);
                parts.add(e);
                i = close + 2;
                continue;
            }
            if (dollar && c == '$' && i + 1 < n && source.charAt(i + 1) == '{') {
                int close = source.indexOf('}', i + 2);
                if (close > 0 && isPath(source, i + 2, close)) {
                    flush(literal, parts);
                    parts.add(Expression.parse(source.substring(i + 2, close), i + 2));
                    i = close + 1;
                    continue;
                }
            }
            if (brace && c == '{') {
                int close = source.indexOf('}', i + 1);
                if (close > 0 && isPath(source, i + 1, close)) {
                    flush(literal, parts);
                    parts.add(Expression.parse(source.substring(i + 1, close), i + 1));
                    i = close + 1;
                    continue;
                }
            }
            literal.append(c);
            i++;
        }
        flush(literal, parts);
        return new Template(source, parts.toArray());
    }

    private static void flush(StringBuilder literal, List<Object> parts) {
        if (literal.length() > 0) {
            parts.add(literal.toString());
            literal.setLength(0);
        }
    }

    /** Index of the first "}}" at or after {@code from} that is not inside a quoted string, or -1. */
    private static int findMustacheClose(String s, int from) {
        int n = s.length();
        char quote = 0;
        for (int k = from; k < n; k++) {
            char c = s.charAt(k);
            if (quote != 0) {
                if (c == '\\') {
                    k++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}' && k + 1 < n && s.charAt(k + 1) == '}') {
                return k;
            }
        }
        if (quote != 0) {
            // unterminated quote: fall back to the first "}}" so the expression parser reports the real problem
            int k = s.indexOf("}}", from);
            return k;
        }
        return -1;
    }

    /** {@code ident(.ident)*}, no whitespace, first segment not a keyword. */
    private static boolean isPath(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        int k = from;
        boolean first = true;
        while (true) {
            int start = k;
            if (k >= to || !Lexer.isIdentStart(s.charAt(k))) {
                return false;
            }
            while (k < to && Lexer.isIdentPart(s.charAt(k))) {
                k++;
            }
            if (first && isKeyword(s, start, k)) {
                return false;
            }
            first = false;
            if (k == to) {
                return true;
            }
            if (s.charAt(k) != '.') {
                return false;
            }
            k++;
        }
    }

    private static final Set<String> KEYWORDS =
            Set.of("and", "or", "not", "in", "is", "true", "false", "null", "True", "False", "None");

    private static boolean isKeyword(String s, int from, int to) {
        return to - from <= 5 && KEYWORDS.contains(s.substring(from, to));
    }

    // ---------------------------------------------------------------- rendering

    /** Renders to a string; see the class doc for how values are rendered. */
    public String render(Vars vars) {
        if (parts.length == 1 && parts[0] instanceof String) {
            return (String) parts[0];
        }
        EvalContext c = new EvalContext(vars);
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String) {
                sb.append((String) part);
                Json.checkSize(sb.length(), "rendered text", -1);
            } else {
                Json.renderText(((Expression) part).evaluateIn(c), sb, c);
            }
        }
        return sb.toString();
    }

    /**
     * If the template is exactly one placeholder (no text around it, not even whitespace), the placeholder's raw
     * value (object, number, null...); otherwise a {@link TextNode} of {@link #render}.
     */
    public JsonNode renderValue(Vars vars) {
        if (parts.length == 1 && parts[0] instanceof Expression) {
            return ((Expression) parts[0]).evaluateIn(new EvalContext(vars));
        }
        return TextNode.valueOf(render(vars));
    }

    /** True when the template has no placeholders at all. */
    public boolean isConstant() {
        for (Object part : parts) {
            if (part instanceof Expression) {
                return false;
            }
        }
        return true;
    }

    /** Root variable names read by all placeholders (see {@link Expression#roots()}). */
    public Set<String> roots() {
        return roots;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    /**
     * Renders templates in every string value of a JSON tree (object keys are left untouched) and returns a new
     * tree; the input is not modified. Each string is rendered with {@link #renderValue}, so a string that is
     * exactly one placeholder is replaced by the raw (deep-copied) value. Non-string scalars are kept.
     * {@code null} input gives {@code null}.
     *
     * @throws ExpressionException if any string is not a valid template or fails to render; the message names
     *                             the JSON path of the string
     */
    public static JsonNode renderDeep(JsonNode value, Vars vars, Syntax... extra) {
        if (value == null) {
            return null;
        }
        EnumSet<Syntax> syntaxes = EnumSet.noneOf(Syntax.class);
        for (Syntax s : extra == null ? NONE : extra) {
            if (s != null) {
                syntaxes.add(s);
            }
        }
        return deep(value, vars, syntaxes.toArray(NONE), "$", 0);
    }

    private static JsonNode deep(JsonNode v, Vars vars, Syntax[] extra, String path, int depth) {
        if (depth > Json.MAX_VALUE_DEPTH) {
            throw new ExpressionException("value nested too deeply (max " + Json.MAX_VALUE_DEPTH + ") at " + path, -1);
        }
        if (v.isTextual()) {
            Template t;
            try {
                t = parse(v.textValue(), extra);
                if (t.isConstant()) {
                    return v;
                }
                JsonNode r = t.renderValue(vars);
                return r.isContainerNode() ? r.deepCopy() : r;
            } catch (ExpressionException e) {
                throw new ExpressionException(path + ": " + e.getMessage(), -1, null, e);
            }
        }
        if (v.isObject()) {
            ObjectNode out = Json.F.objectNode();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                out.set(e.getKey(), deep(e.getValue(), vars, extra, path + "." + e.getKey(), depth + 1));
            }
            return out;
        }
        if (v.isArray()) {
            ArrayNode out = Json.F.arrayNode(v.size());
            int k = 0;
            for (JsonNode e : v) {
                out.add(deep(e, vars, extra, path + "[" + k++ + "]", depth + 1));
            }
            return out;
        }
        return v.isMissingNode() ? NullNode.instance : v;
    }
}
