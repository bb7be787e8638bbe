package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.webops.expr.Template.Syntax;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static io.webops.expr.ExpressionTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Property test over generated inputs (seeded, reproducible, no extra libraries): parse either succeeds or throws
 * ExpressionException; whatever parses evaluates to a JsonNode or throws ExpressionException; every evaluation
 * stays within the step budget; no output ever contains the host's HOME or user.home unless the input did.
 */
class ExpressionFuzzTest {

    private static final long SEED = 0x5EEDL;
    private static final int INPUTS = 120_000;
    /**
     * Linear work (copying, scanning) is charged in one go, before it is done for copies; one charge can push the
     * counter past the budget by at most the largest thing an expression may produce, MAX_SIZE units.
     */
    private static final long WORK_SLACK = Expression.MAX_SIZE / EvalContext.WORK_UNITS_PER_STEP + 1;

    private static final String[] TOKENS = {
        // names
        "data", "nodes", "item", "trigger", "execution", "summary", "items", "x", "name", "obj", "big", "text",
        "HOME", "env", "sys", "user", "home", "System", "getenv", "getProperty", "class", "length",
        // functions (valid and not)
        "len", "lower", "upper", "trim", "contains", "startswith", "endswith", "str", "int", "float", "bool",
        "abs", "round", "min", "max", "sum", "keys", "values", "exists", "foo", "eval", "exec",
        // keywords
        "and", "or", "not", "in", "is", "true", "false", "null", "True", "False", "None", "&&", "||", "!",
        // literals
        "0", "1", "2", "-1", "3", "2.5", "1e308", "1e-5", "9223372036854775807", "99999999999999999999", ".5",
        "'a'", "\"b\"", "''", "'x\\'y'", "'\\q'", "'unterminated", "\"\\n\"", "'env:HOME'", "'user.home'", "'/'",
        // operators and punctuation
        "+", "-", "*", "/", "//", "%", "==", "!=", "<", "<=", ">", ">=", "=", "(", ")", "[", "]", ",", ".", " ",
        // junk
        ":", "#", "$", "{", "}", "{{", "}}", "${", "#{", "@", "`", ";", "\\", "\u0000", "\u00e9", "\ud800", "\t", "\n",
    };

    private static final String[] EXPR_SEEDS = {
        "data.status == 'ok' and data.latency > 1000",
        "data['items'][0] in ['a', 'b']",
        "not data.x",
        "data.length > 0",
        "data.items.length > 0 and data.items[-1] != None",
        "1 < data.n <= 3 < 4",
        "len(data.items) + abs(-2) * 3 // 2 % 5",
        "lower(data.name) + upper('x') + str(data.f) + trim('  y ')",
        "min(data.nums) < max(data.nums) and sum(data.nums) >= 0",
        "keys(data.obj) + values(data.obj) + data.items",
        "round(data.f, 2) == 1.5 or int('7') == 7 or float('1.5') > 1",
        "exists(nodes.fetch.content) and contains(data.text, 'lo')",
        "startswith(data.name, 'A') and endswith(data.name, 'a') or bool(data.tags)",
        "data.big + data.big",
        "data.nested.a.b[2].c in data.text",
        "summary or 'none'",
        "item.id * 2 - -3",
        "[1, 'a', [True, None], data.obj] == [1.0, 'a', [true, null], data.obj]",
        "'user.home' in data.text or 'HOME' in keys(data.obj)",
        "data.n / 0",
        "data.missing.deeper[0]['x']",
    };

    private static final String[] TEMPLATE_SEEDS = {
        "Hello {{ data.name }}!",
        "{{ data.obj }}",
        "${data.name} and {data.n} and {{ summary }}",
        "{\"a\": {\"b\": [1, 2]}, \"c\": \"{{ data.name }}\"}",
        "{{env:HOME}}",
        "${sys.user.home}",
        "${bean:foo} #{x} %{y} {{ 'x' }}",
        "{{ len(data.items) > 0 and 'yes' or 'no' }}",
        "\\{{ data.n }} {{ data.f }}",
        "{{ data.items[-1] }}{{ data.items[0] }}",
        "plain text with } and { and $",
    };

    private static Vars vars() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> m = new HashMap<>();
        JsonNode data = json("{\"status\":\"ok\",\"latency\":1500,\"items\":[\"a\",\"b\",\"c\"],\"x\":0,\"n\":3,"
                + "\"f\":1.5,\"name\":\"Ada\",\"summary\":\"all good\",\"tags\":[],\"text\":\"hello world\","
                + "\"nums\":[3,1,2,5.5],\"obj\":{\"k\":1,\"length\":2,\"in\":[1]},"
                + "\"nested\":{\"a\":{\"b\":[10,20,{\"c\":\"world\"}]}},\"nul\":null}");
        ArrayNode big = f.arrayNode();
        for (int i = 0; i < 2000; i++) {
            big.add(i);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) data).set("big", big);
        ((com.fasterxml.jackson.databind.node.ObjectNode) data).set("long", TextNode.valueOf("z".repeat(5000)));
        m.put("data", data);
        m.put("nodes", json("{\"fetch\":{\"content\":\"<p>hi</p>\",\"status\":200}}"));
        m.put("item", json("{\"id\":7}"));
        return Vars.of(m);
    }

    private final Random random = new Random(SEED);
    private final Vars vars = vars();
    private final String home = System.getenv("HOME");
    private final String userHome = System.getProperty("user.home");
    private int parsed;
    private int evaluatedOk;
    private int evalErrors;
    private long maxSteps;

    @Test
    void generatedInputsOnlyEverFailWithExpressionExceptionWithinBudgetAndNeverLeakHostValues() {
        for (int i = 0; i < INPUTS; i++) {
            switch (random.nextInt(6)) {
                case 0: checkExpression(tokenSoup(1 + random.nextInt(25))); break;
                case 1: checkExpression(mutate(pick(EXPR_SEEDS))); break;
                case 2: checkExpression(generate(0)); break;
                case 3: checkExpression(mutate(generate(0))); break;
                case 4: checkTemplate(mutate(pick(TEMPLATE_SEEDS))); break;
                default: checkTemplate(templateSoup()); break;
            }
        }
        // the generator must actually exercise evaluation, not just the parser's error paths
        assertThat(parsed).isGreaterThan(INPUTS / 4);
        assertThat(evaluatedOk).isGreaterThan(INPUTS / 8);
        assertThat(evalErrors).isGreaterThan(100);
        assertThat(maxSteps).isLessThanOrEqualTo(Expression.MAX_STEPS + WORK_SLACK);
    }

    @Test
    void stepBudgetBoundsAWorstCaseInputFromTheGenerator() {
        // about the heaviest thing the fuzz vocabulary can say: a long chain of list concatenations (quadratic copying)
        String src = "data.big" + " + data.big".repeat(400);
        EvalContext c = new EvalContext(vars);
        try {
            Expression.parse(src).evaluateIn(c);
            fail("expected the step budget to be exceeded");
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).contains("step budget");
        }
        assertThat(c.steps()).isLessThanOrEqualTo(Expression.MAX_STEPS + WORK_SLACK);
    }

    // ---------------------------------------------------------------- checks

    private void checkExpression(String input) {
        Expression e;
        try {
            e = Expression.parse(input);
        } catch (ExpressionException ex) {
            checkException(input, ex);
            return;
        } catch (Throwable t) {
            throw new AssertionError("parse threw " + t + " for input: " + printable(input), t);
        }
        parsed++;
        EvalContext c = new EvalContext(vars);
        JsonNode result = null;
        try {
            result = e.evaluateIn(c);
        } catch (ExpressionException ex) {
            evalErrors++;
            checkException(input, ex);
        } catch (Throwable t) {
            throw new AssertionError("evaluate threw " + t + " for input: " + printable(input), t);
        }
        checkSteps(input, c);
        if (result != null) {
            evaluatedOk++;
            checkNoLeak(input, result.toString());
        }
    }

    private void checkTemplate(String input) {
        Syntax[] syntaxes = randomSyntaxes();
        Template t;
        try {
            t = Template.parse(input, syntaxes);
        } catch (ExpressionException ex) {
            checkException(input, ex);
            return;
        } catch (Throwable th) {
            throw new AssertionError("Template.parse threw " + th + " for input: " + printable(input), th);
        }
        parsed++;
        try {
            checkNoLeak(input, t.render(vars));
            checkNoLeak(input, t.renderValue(vars).toString());
            evaluatedOk++;
        } catch (ExpressionException ex) {
            evalErrors++;
            checkException(input, ex);
        } catch (Throwable th) {
            throw new AssertionError("render threw " + th + " for input: " + printable(input), th);
        }
    }

    private void checkException(String input, ExpressionException ex) {
        assertThat(ex.getMessage()).as(printable(input)).doesNotStartWith("internal error");
        assertThat(ex.position()).as(printable(input)).isBetween(-1, Math.max(input.length(), Expression.MAX_SOURCE_LENGTH));
        checkNoLeak(input, ex.getMessage());
    }

    private void checkSteps(String input, EvalContext c) {
        maxSteps = Math.max(maxSteps, c.steps());
        if (c.steps() > Expression.MAX_STEPS + WORK_SLACK) {
            fail("evaluation used " + c.steps() + " steps for input: " + printable(input));
        }
    }

    private void checkNoLeak(String input, String output) {
        for (String secret : new String[] {home, userHome}) {
            if (secret != null && secret.length() > 1 && output.contains(secret) && !input.contains(secret)) {
                fail("output contains host value '" + secret + "' for input: " + printable(input));
            }
        }
    }

    // ---------------------------------------------------------------- generators

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    private Syntax[] randomSyntaxes() {
        switch (random.nextInt(4)) {
            case 0: return new Syntax[0];
            case 1: return new Syntax[] {Syntax.DOLLAR};
            case 2: return new Syntax[] {Syntax.BRACE};
            default: return new Syntax[] {Syntax.DOLLAR, Syntax.BRACE, Syntax.MUSTACHE};
        }
    }

    private String tokenSoup(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(pick(TOKENS));
            if (random.nextInt(3) == 0) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    private String templateSoup() {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(5)) {
                case 0: sb.append("{{ ").append(random.nextBoolean() ? generate(1) : tokenSoup(3)).append(" }}"); break;
                case 1: sb.append("${").append(tokenSoup(1 + random.nextInt(3))).append('}'); break;
                case 2: sb.append('{').append(tokenSoup(1 + random.nextInt(3))).append('}'); break;
                case 3: sb.append(tokenSoup(1 + random.nextInt(4))); break;
                default: sb.append("text ");
            }
        }
        return sb.toString();
    }

    private static final String[] PATHS = {
        "data.status", "data.items", "data.items[0]", "data.items[-1]", "data.n", "data.f", "data.name", "data.obj",
        "data.nested.a.b", "data.nested.a.b[2].c", "data.big", "data.long", "data.nums", "data.nul", "data.missing",
        "nodes.fetch.content", "nodes.fetch.status", "item.id", "summary", "trigger", "execution.id", "data.length",
        "data['items'][1]", "data.text", "data.tags", "env.HOME", "sys.user",
    };
    private static final String[] BINOPS = {
        " + ", " - ", " * ", " / ", " // ", " % ", " == ", " != ", " < ", " <= ", " > ", " >= ", " in ",
        " not in ", " and ", " or ", " is ", " is not ", " && ", " || ",
    };
    private static final String[] FUNCS = {
        "len", "lower", "upper", "trim", "contains", "startswith", "endswith", "str", "int", "float", "bool",
        "abs", "round", "min", "max", "sum", "keys", "values", "exists",
    };

    /** A random, mostly valid expression from the grammar; depth occasionally exceeds the nesting bound. */
    private String generate(int depth) {
        int choice = depth > 6 ? random.nextInt(3) : random.nextInt(10);
        switch (choice) {
            case 0: return pick(PATHS);
            case 1: {
                String[] lits = {"0", "1", "-1", "2.5", "'a'", "'lo'", "''", "True", "None", "false", "[]", "[1, 2]", "'3'"};
                return pick(lits);
            }
            case 2: return pick(PATHS) + "[" + (random.nextInt(7) - 3) + "]";
            case 3:
            case 4: return generate(depth + 1) + pick(BINOPS) + generate(depth + 1);
            case 5: return (random.nextBoolean() ? "not " : "-") + generate(depth + 1);
            case 6: {
                String fn = pick(FUNCS);
                int args = 1 + random.nextInt(2);
                StringBuilder sb = new StringBuilder(fn).append('(');
                for (int i = 0; i < args; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(generate(depth + 1));
                }
                return sb.append(')').toString();
            }
            case 7: return "(" + generate(depth + 1) + ")";
            case 8: return "[" + generate(depth + 1) + ", " + generate(depth + 1) + "]";
            default: {
                int k = random.nextInt(100) < 3 ? 60 + random.nextInt(20) : random.nextInt(4);
                return "(".repeat(k) + generate(depth + 1) + ")".repeat(k);
            }
        }
    }

    private String mutate(String s) {
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            int len = s.length();
            int at = len == 0 ? 0 : random.nextInt(len + 1);
            switch (random.nextInt(9)) {
                case 0: { // delete a range
                    if (len > 0) {
                        int from = random.nextInt(len);
                        int to = Math.min(len, from + 1 + random.nextInt(6));
                        s = s.substring(0, from) + s.substring(to);
                    }
                    break;
                }
                case 1: s = s.substring(0, at) + pick(TOKENS) + s.substring(at); break;
                case 2: s = s.substring(0, at) + (char) random.nextInt(128) + s.substring(at); break;
                case 3: { // duplicate a range
                    if (len > 0) {
                        int from = random.nextInt(len);
                        int to = Math.min(len, from + 1 + random.nextInt(20));
                        s = s.substring(0, to) + s.substring(from, to) + s.substring(to);
                    }
                    break;
                }
                case 4: { // swap neighbours
                    if (len > 1) {
                        int k = random.nextInt(len - 1);
                        s = s.substring(0, k) + s.charAt(k + 1) + s.charAt(k) + s.substring(k + 2);
                    }
                    break;
                }
                case 5: { // deep or unbalanced nesting
                    int k = random.nextInt(10) == 0 ? 50 + random.nextInt(200) : random.nextInt(5);
                    s = "(".repeat(k) + s + ")".repeat(random.nextInt(4) == 0 ? random.nextInt(k + 1) : k);
                    break;
                }
                case 6: { // unary chains
                    int k = random.nextInt(10) == 0 ? 50 + random.nextInt(200) : random.nextInt(5);
                    s = (random.nextBoolean() ? "not " : "- ").repeat(k) + s;
                    break;
                }
                case 7: s = s + pick(BINOPS) + pick(EXPR_SEEDS); break;
                default: s = s.substring(0, at) + pick(new String[] {"{{", "}}", "${", "{", "}", "'", "\"", "[", "]"})
                        + s.substring(at);
            }
        }
        return s;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 400; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > 400 ? "...\"" : "\"").toString();
    }
}
