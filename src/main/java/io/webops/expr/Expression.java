package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A safe, Python-like condition expression over Jackson {@link JsonNode} values. Parse once, evaluate many times.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>Literals: integers ({@code 3}), decimals ({@code 1.5}, {@code 2e3}), strings in single or double quotes
 *       with the escapes {@code \\ \' \" \n \t \r}, {@code true/false/null} and {@code True/False/None},
 *       list literals {@code [1, 'a']}. There are no object literals.</li>
 *   <li>Names: a bare identifier is a root variable read through {@link Vars#lookup(String)}
 *       ({@code data}, {@code nodes}, {@code trigger}, {@code execution}, {@code item} or any other name).
 *       <b>Fallback:</b> if the lookup gives {@code null} or a {@code MissingNode} and the name is not one of
 *       {@code data, nodes, trigger, execution, item}, the name is read as {@code data.<name>}; so
 *       {@code summary} means {@code data.summary} unless a variable {@code summary} exists.</li>
 *   <li>Access: {@code a.b}, {@code a['key']}, {@code a[0]}, {@code a[-1]} (from the end), {@code a[expr]};
 *       a keyword may follow the dot ({@code a.in}). A missing key, an out-of-range index or indexing a
 *       non-container gives {@code null}, never an error. {@code .length} of an array or a string gives its
 *       length (objects: the key {@code length}). Strings can be indexed by code point.</li>
 *   <li>Operators, lowest precedence first: {@code or} ({@code ||}), {@code and} ({@code &&}),
 *       {@code not} ({@code !}, same precedence as {@code not}), comparisons
 *       {@code == != < <= > >= in, not in, is, is not} (chainable: {@code a < b < c}; {@code is} is a synonym of
 *       {@code ==}), {@code + -}, {@code * / // %}, unary {@code - +}, then access.
 *       {@code and}/{@code or} return the deciding operand like Python ({@code data.name or 'anon'}).</li>
 *   <li>Arithmetic: integers stay integral ({@code 3 + 4} is {@code 7}), falling back to double on long
 *       overflow; {@code /} always gives a double ({@code 7 / 2} is {@code 3.5}); {@code //} and {@code %}
 *       floor like Python. {@code +} also concatenates two strings or two lists. Mixing types
 *       ({@code 'a' + 1}) is an error: use {@code str()}.</li>
 *   <li>Comparisons: {@code ==} is deep JSON equality with numbers by value ({@code 1 == 1.0}); null equals
 *       missing. Ordering compares numbers numerically and strings lexicographically; any other pair (including
 *       null) is simply false. {@code in}: element of a list, substring of a string, key of an object; false for
 *       anything else.</li>
 *   <li>Truthiness (for {@code not}, {@code and}, {@code or}, {@link #test}): {@code null}, {@code false},
 *       {@code 0}, {@code ""}, {@code []}, {@code {}} are false, everything else true.</li>
 *   <li>Functions, from a fixed whitelist only: {@code len, lower, upper, trim, contains, startswith, endswith,
 *       str, int, float, bool, abs, round, min, max, sum, keys, values, exists}. Any other name is a parse error.
 *       No method calls, assignment, lambdas or loops.</li>
 * </ul>
 *
 * <h2>Safety bounds</h2>
 * Source length at most {@value #MAX_SOURCE_LENGTH} characters; nesting depth at most {@value #MAX_DEPTH}
 * (parentheses, brackets, call arguments, unary operators); at most {@value #MAX_STEPS} evaluation steps per
 * {@link #evaluate} call (linear work such as copying or scanning counts one step per
 * {@value EvalContext#WORK_UNITS_PER_STEP} elements/characters); strings and lists produced by evaluation at most
 * {@value #MAX_SIZE} characters/elements. Exceeding any bound raises {@link ExpressionException}. The evaluator
 * only reads JsonNode trees handed in through {@link Vars}; it never touches the environment, system properties,
 * reflection or any other Java object. Results may share structure with the input trees; do not mutate them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Expression implements Condition {

    /** Maximum source length in characters. */
    public static final int MAX_SOURCE_LENGTH = 10_000;
    /** Maximum syntactic nesting depth. */
    public static final int MAX_DEPTH = 64;
    /** Maximum evaluation steps per evaluation. */
    public static final int MAX_STEPS = 100_000;
    /** Maximum length of any string, or size of any list, produced by evaluation or rendering. */
    public static final int MAX_SIZE = 1_000_000;

    private final String source;
    private final Node root;
    private final Set<String> roots;

    private Expression(String source, Node root) {
        this.source = source;
        this.root = root;
        Set<String> r = new LinkedHashSet<>();
        root.roots(r);
        this.roots = Collections.unmodifiableSet(r);
    }

    /**
     * Parses an expression.
     *
     * @throws ExpressionException naming the problem and its position, e.g. {@code "unexpected ')' at 14"}
     */
    public static Expression parse(String source) {
        return parse(source, 0);
    }

    /** Parses {@code source}, reporting positions shifted by {@code offset} (for expressions inside templates). */
    static Expression parse(String source, int offset) {
        if (source == null) {
            throw new ExpressionException("expression is null", -1);
        }
        if (source.length() > MAX_SOURCE_LENGTH) {
            throw new ExpressionException("expression too long: " + source.length() + " characters (max "
                    + MAX_SOURCE_LENGTH + ")", offset + MAX_SOURCE_LENGTH);
        }
        try {
            return new Expression(source, Parser.parse(source, offset));
        } catch (StackOverflowError e) {
            // cannot happen with the depth bound; kept so parse never throws anything else
            throw new ExpressionException("expression nested too deeply", offset);
        }
    }

    /**
     * Evaluates against {@code vars}. Never returns Java null (JSON null is {@code NullNode}).
     *
     * @throws ExpressionException on a type error, division by zero, or an exceeded bound; never anything else
     */
    public JsonNode evaluate(Vars vars) {
        return evaluateIn(new EvalContext(vars));
    }

    JsonNode evaluateIn(EvalContext c) {
        try {
            JsonNode v = root.eval(c);
            return v == null ? NullNode.instance : v;
        } catch (ExpressionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExpressionException("internal error while evaluating: " + e, -1, null, e);
        } catch (StackOverflowError e) {
            throw new ExpressionException("value nested too deeply", -1);
        }
    }

    /** Truthiness of {@link #evaluate}: null/false/0/""/[]/{} are false. */
    @Override
    public boolean test(Vars vars) {
        return Json.truthy(evaluate(vars));
    }

    @Override
    public String source() {
        return source;
    }

    /**
     * Root variable names the expression reads, in order of appearance. A non-reserved name (one that may fall
     * back to {@code data.<name>}) contributes both itself and {@code data}.
     */
    public Set<String> roots() {
        return roots;
    }

    @Override
    public String toString() {
        return source;
    }
}
