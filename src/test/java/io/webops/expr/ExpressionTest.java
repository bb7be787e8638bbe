package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionTest {

    static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return M.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Vars vars() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("data", json("{\"status\":\"ok\",\"latency\":1500,\"items\":[\"a\",\"x\",\"c\"],\"x\":0,"
                + "\"name\":\"Ada\",\"summary\":\"all good\",\"n\":3,\"f\":1.5,\"tags\":[],\"obj\":{\"k\":1,\"length\":9},"
                + "\"nested\":{\"a\":{\"b\":[10,20,{\"c\":\"deep\"}]}},\"nul\":null}"));
        m.put("nodes", json("{\"fetch\":{\"content\":\"<html>\",\"status\":200}}"));
        m.put("item", json("{\"id\":7}"));
        m.put("list", json("[1,2,3]"));
        return Vars.of(m);
    }

    static JsonNode eval(String src) {
        return Expression.parse(src).evaluate(vars());
    }

    static boolean test(String src) {
        return Expression.parse(src).test(vars());
    }

    // ------------------------------------------------------------ seed examples

    @Test
    void seedConditionWithAndAndComparison() {
        assertThat(test("data.status == 'ok' and data.latency > 1000")).isTrue();
        assertThat(test("data.status == 'ok' and data.latency > 2000")).isFalse();
    }

    @Test
    void indexIntoListThenMembershipInListLiteral() {
        assertThat(test("data['items'][0] in ['a', 'b']")).isTrue();
        assertThat(test("data['items'][1] in ['a', 'b']")).isFalse();
    }

    @Test
    void notOfFalsyValueIsTrue() {
        assertThat(test("not data.x")).isTrue();
        assertThat(test("not data.missing")).isTrue();
        assertThat(test("not data.name")).isFalse();
        assertThat(test("!data.x")).isTrue();
    }

    @Test
    void lengthOfArrayAndString() {
        assertThat(eval("data.items.length")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("data.name.length")).isEqualTo(IntNode.valueOf(3));
        assertThat(test("data.items.length > 0")).isTrue();
        assertThat(test("data.tags.length > 0")).isFalse();
        // an object's own key wins
        assertThat(eval("data.obj.length")).isEqualTo(IntNode.valueOf(9));
        assertThat(eval("item.length").isNull()).isTrue();
    }

    @Test
    void pythonAndJsonBooleanAndNullSpellings() {
        assertThat(eval("True")).isEqualTo(eval("true"));
        assertThat(eval("False")).isEqualTo(eval("false"));
        assertThat(eval("None").isNull()).isTrue();
        assertThat(eval("null").isNull()).isTrue();
        assertThat(test("data.nul == None")).isTrue();
        assertThat(test("data.missing is None")).isTrue();
        assertThat(test("data.name is not None")).isTrue();
    }

    @Test
    void chainedComparisons() {
        assertThat(test("1 < 2 < 3")).isTrue();
        assertThat(test("1 < 3 < 2")).isFalse();
        assertThat(test("0 < data.n <= 3")).isTrue();
        assertThat(test("3 > 2 > 1 >= 1 == 1.0")).isTrue();
    }

    @Test
    void pythonPrecedence() {
        assertThat(eval("1 + 2 * 3")).isEqualTo(IntNode.valueOf(7));
        assertThat(eval("(1 + 2) * 3")).isEqualTo(IntNode.valueOf(9));
        assertThat(eval("-2 * 3")).isEqualTo(IntNode.valueOf(-6));
        assertThat(eval("10 - 2 - 3")).isEqualTo(IntNode.valueOf(5));
        assertThat(test("not 1 == 2")).isTrue(); // not (1 == 2)
        assertThat(test("true or false and false")).isTrue(); // true or (false and false)
        assertThat(test("not true or true")).isTrue(); // (not true) or true
        assertThat(test("1 + 1 == 2 and 'a' in 'cat'")).isTrue();
        assertThat(test("false && true || true")).isTrue();
    }

    @Test
    void andOrReturnTheDecidingOperand() {
        assertThat(eval("data.missing or 'anon'")).isEqualTo(TextNode.valueOf("anon"));
        assertThat(eval("data.name or 'anon'")).isEqualTo(TextNode.valueOf("Ada"));
        assertThat(eval("data.name and data.n")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("data.x and data.n")).isEqualTo(IntNode.valueOf(0));
    }

    @Test
    void integersStayIntegralAndDivisionIsTrueDivision() {
        assertThat(eval("3 + 4")).isEqualTo(IntNode.valueOf(7));
        assertThat(eval("7 / 2")).isEqualTo(DoubleNode.valueOf(3.5));
        assertThat(eval("7 // 2")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("-7 // 2")).isEqualTo(IntNode.valueOf(-4));
        assertThat(eval("-7 % 3")).isEqualTo(IntNode.valueOf(2));
        assertThat(eval("7.5 % 2")).isEqualTo(DoubleNode.valueOf(1.5));
        assertThat(eval("1.5 + 1")).isEqualTo(DoubleNode.valueOf(2.5));
        assertThat(eval("data.f * 2")).isEqualTo(DoubleNode.valueOf(3.0));
        assertThat(eval("9223372036854775807 + 1").isDouble()).isTrue();
        assertThat(eval("3000000000 * 2").asLong()).isEqualTo(6_000_000_000L);
    }

    @Test
    void divisionByZeroIsAnExpressionError() {
        assertThatThrownBy(() -> eval("1 / 0")).isInstanceOf(ExpressionException.class)
                .hasMessage("division by zero at 2");
        assertThatThrownBy(() -> eval("1 % 0")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("1.0 // 0")).isInstanceOf(ExpressionException.class);
    }

    @Test
    void equalityIsDeepAndNumericByValue() {
        assertThat(test("1 == 1.0")).isTrue();
        assertThat(test("[1, 'a'] == [1.0, 'a']")).isTrue();
        assertThat(test("data.obj == data.obj")).isTrue();
        assertThat(test("data.nested.a.b[2] == data.nested.a.b[-1]")).isTrue();
        assertThat(test("'1' == 1")).isFalse();
        assertThat(test("true == 1")).isFalse();
        assertThat(test("data.missing == data.nul")).isTrue();
        assertThat(test("1 != 2")).isTrue();
    }

    @Test
    void orderingOfIncompatibleTypesOrNullIsFalse() {
        assertThat(test("'a' < 1")).isFalse();
        assertThat(test("'a' >= 1")).isFalse();
        assertThat(test("data.missing > 0")).isFalse();
        assertThat(test("data.missing < 0")).isFalse();
        assertThat(test("data.missing <= data.missing")).isFalse();
        assertThat(test("'abc' < 'abd'")).isTrue();
        assertThat(test("2 < 10.5")).isTrue();
    }

    @Test
    void inWorksOnListsStringsAndObjectKeys() {
        assertThat(test("2 in list")).isTrue();
        assertThat(test("2.0 in list")).isTrue();
        assertThat(test("5 not in list")).isTrue();
        assertThat(test("'good' in data.summary")).isTrue();
        assertThat(test("'k' in data.obj")).isTrue();
        assertThat(test("'zz' not in data.obj")).isTrue();
        assertThat(test("1 in data.missing")).isFalse();
        assertThat(test("1 in 'abc'")).isFalse();
    }

    @Test
    void stringAndListConcatenation() {
        assertThat(eval("'a' + \"b\" + 'c'")).isEqualTo(TextNode.valueOf("abc"));
        assertThat(eval("[1] + [2, 3]")).isEqualTo(json("[1,2,3]"));
        assertThat(eval("data.items + list").size()).isEqualTo(6);
        assertThat(eval("'n=' + str(data.n)")).isEqualTo(TextNode.valueOf("n=3"));
    }

    @Test
    void mixingTypesInArithmeticIsAnErrorWithHint() {
        assertThatThrownBy(() -> eval("'a' + 1"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("unsupported operand types for +: string and number (use str() to convert) at 4");
        assertThatThrownBy(() -> eval("data.missing + 1")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("-'a'")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("'a' * 3")).isInstanceOf(ExpressionException.class);
    }

    @Test
    void stringEscapes() {
        assertThat(eval("'it\\'s'")).isEqualTo(TextNode.valueOf("it's"));
        assertThat(eval("\"say \\\"hi\\\"\"")).isEqualTo(TextNode.valueOf("say \"hi\""));
        assertThat(eval("'a\\nb\\tc\\\\'")).isEqualTo(TextNode.valueOf("a\nb\tc\\"));
    }

    @Test
    void negativeIndexesCountFromTheEnd() {
        assertThat(eval("data.items[-1]")).isEqualTo(TextNode.valueOf("c"));
        assertThat(eval("data.items[-3]")).isEqualTo(TextNode.valueOf("a"));
        assertThat(eval("data.items[-4]").isNull()).isTrue();
        assertThat(eval("data.name[-1]")).isEqualTo(TextNode.valueOf("a"));
        assertThat(eval("list[1 + 1]")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("list[data.n - 1]")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("list[1.0]")).isEqualTo(IntNode.valueOf(2));
    }

    @Test
    void missingKeysReadAsNull() {
        assertThat(eval("data.nope")).isEqualTo(NullNode.instance);
        assertThat(eval("data.nope.deeper.still")).isEqualTo(NullNode.instance);
        assertThat(eval("data.items[99]")).isEqualTo(NullNode.instance);
        assertThat(eval("data.n[0]")).isEqualTo(NullNode.instance);
        assertThat(eval("data.n.x")).isEqualTo(NullNode.instance);
        assertThat(eval("data.items['a']")).isEqualTo(NullNode.instance);
        assertThat(eval("data.obj[0]")).isEqualTo(NullNode.instance);
        assertThat(eval("list[1.5]")).isEqualTo(NullNode.instance);
        assertThat(eval("unknownRoot.x")).isEqualTo(NullNode.instance);
        assertThat(Expression.parse("data.a").evaluate(null)).isEqualTo(NullNode.instance);
    }

    @Test
    void deepPathsAndBracketKeys() {
        assertThat(eval("data.nested.a.b[2].c")).isEqualTo(TextNode.valueOf("deep"));
        assertThat(eval("data['nested']['a']['b'][0]")).isEqualTo(IntNode.valueOf(10));
        assertThat(eval("nodes.fetch.content")).isEqualTo(TextNode.valueOf("<html>"));
        assertThat(eval("nodes['fetch'].status")).isEqualTo(IntNode.valueOf(200));
    }

    @Test
    void unknownBareNamesFallBackToData() {
        assertThat(eval("summary")).isEqualTo(TextNode.valueOf("all good"));
        assertThat(eval("status == 'ok'")).isEqualTo(eval("true"));
        assertThat(eval("item.id")).isEqualTo(IntNode.valueOf(7)); // real variable wins
        assertThat(eval("nope").isNull()).isTrue();
        // reserved names never fall back
        Map<String, JsonNode> m = new HashMap<>();
        m.put("data", json("{\"trigger\":1,\"id\":5}"));
        assertThat(Expression.parse("trigger").evaluate(Vars.of(m)).isNull()).isTrue();
        assertThat(Expression.parse("id").evaluate(Vars.of(m))).isEqualTo(IntNode.valueOf(5));
    }

    @Test
    void rootsListsReadVariables() {
        assertThat(Expression.parse("data.a > 1 and nodes.fetch.status == item['x'] and len(trigger) > 0").roots())
                .containsExactly("data", "nodes", "item", "trigger");
        assertThat(Expression.parse("summary").roots()).containsExactly("summary", "data");
        assertThat(Expression.parse("1 + 2").roots()).isEmpty();
        assertThat(Expression.parse("data.a").source()).isEqualTo("data.a");
    }

    @Test
    void keywordsCanBeUsedAsMemberNames() {
        Map<String, JsonNode> m = Map.of("data", json("{\"in\":1,\"not\":2,\"true\":3}"));
        assertThat(Expression.parse("data.in + data.not + data.true").evaluate(Vars.of(m))).isEqualTo(IntNode.valueOf(6));
    }

    // ------------------------------------------------------------ functions

    @Test
    void stringFunctions() {
        assertThat(eval("lower('AbC')")).isEqualTo(TextNode.valueOf("abc"));
        assertThat(eval("upper(data.name)")).isEqualTo(TextNode.valueOf("ADA"));
        assertThat(eval("trim('  x ')")).isEqualTo(TextNode.valueOf("x"));
        assertThat(eval("startswith(data.summary, 'all')")).isEqualTo(eval("true"));
        assertThat(eval("endswith(data.summary, 'good')")).isEqualTo(eval("true"));
        assertThat(eval("startswith(data.missing, 'a')")).isEqualTo(eval("false"));
        assertThat(eval("contains(data.summary, 'l g')")).isEqualTo(eval("true"));
        assertThat(eval("contains(data.items, 'x')")).isEqualTo(eval("true"));
        assertThat(eval("lower(data.missing)").isNull()).isTrue();
    }

    @Test
    void conversionFunctions() {
        assertThat(eval("str(1.0)")).isEqualTo(TextNode.valueOf("1.0"));
        assertThat(eval("str(3)")).isEqualTo(TextNode.valueOf("3"));
        assertThat(eval("str(data.obj)")).isEqualTo(TextNode.valueOf("{\"k\":1,\"length\":9}"));
        assertThat(eval("str(data.missing)")).isEqualTo(TextNode.valueOf(""));
        assertThat(eval("int('42')")).isEqualTo(IntNode.valueOf(42));
        assertThat(eval("int(' -7 ')")).isEqualTo(IntNode.valueOf(-7));
        assertThat(eval("int(3.9)")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("int('3.9')")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("int(true)")).isEqualTo(IntNode.valueOf(1));
        assertThat(eval("float('2.5')")).isEqualTo(DoubleNode.valueOf(2.5));
        assertThat(eval("float(2)")).isEqualTo(DoubleNode.valueOf(2.0));
        assertThat(eval("bool('')")).isEqualTo(eval("false"));
        assertThat(eval("bool(data.items)")).isEqualTo(eval("true"));
        assertThatThrownBy(() -> eval("int('abc')")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("int() cannot convert string 'abc'");
        assertThatThrownBy(() -> eval("float('NaN')")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("float('1e999')")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("int(data.missing)")).isInstanceOf(ExpressionException.class);
    }

    @Test
    void numericFunctions() {
        assertThat(eval("abs(-3)")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("abs(-2.5)")).isEqualTo(DoubleNode.valueOf(2.5));
        assertThat(eval("round(2.5)")).isEqualTo(IntNode.valueOf(2));
        assertThat(eval("round(3.5)")).isEqualTo(IntNode.valueOf(4));
        assertThat(eval("round(3.14159, 2)")).isEqualTo(DoubleNode.valueOf(3.14));
        assertThat(eval("min(3, 1, 2)")).isEqualTo(IntNode.valueOf(1));
        assertThat(eval("max(list)")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("max('a', 'c', 'b')")).isEqualTo(TextNode.valueOf("c"));
        assertThat(eval("sum(list)")).isEqualTo(IntNode.valueOf(6));
        assertThat(eval("sum([1, 2.5])")).isEqualTo(DoubleNode.valueOf(3.5));
        assertThatThrownBy(() -> eval("min([])")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("max(1, 'a')")).isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> eval("sum(['a'])")).isInstanceOf(ExpressionException.class);
    }

    @Test
    void collectionFunctions() {
        assertThat(eval("len(data.items)")).isEqualTo(IntNode.valueOf(3));
        assertThat(eval("len('héllo')")).isEqualTo(IntNode.valueOf(5));
        assertThat(eval("len(data.obj)")).isEqualTo(IntNode.valueOf(2));
        assertThat(eval("len(data.missing)")).isEqualTo(IntNode.valueOf(0));
        assertThat(eval("keys(data.obj)")).isEqualTo(json("[\"k\",\"length\"]"));
        assertThat(eval("values(data.obj)")).isEqualTo(json("[1,9]"));
        assertThat(eval("exists(data.name)")).isEqualTo(eval("true"));
        assertThat(eval("exists(data.nul)")).isEqualTo(eval("false"));
        assertThat(eval("exists(data.nope)")).isEqualTo(eval("false"));
        assertThatThrownBy(() -> eval("len(5)")).isInstanceOf(ExpressionException.class);
    }

    // ------------------------------------------------------------ parse errors

    @Test
    void parseErrorsNameTheProblemAndPosition() {
        assertThatThrownBy(() -> Expression.parse("data.a == (1 + 2))"))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("unexpected ')' at 17")
                .satisfies(e -> assertThat(((ExpressionException) e).position()).isEqualTo(17));
        assertThatThrownBy(() -> Expression.parse("data.a =="))
                .hasMessage("unexpected end of expression at 9");
        assertThatThrownBy(() -> Expression.parse("(1 + 2"))
                .hasMessage("expected ')' but found end of expression at 6");
        assertThatThrownBy(() -> Expression.parse("'abc"))
                .hasMessage("unterminated string literal at 0");
        assertThatThrownBy(() -> Expression.parse("a = 1"))
                .hasMessageStartingWith("unexpected '=' (assignment is not supported");
        assertThatThrownBy(() -> Expression.parse("env:HOME"))
                .hasMessage("unexpected character ':' at 3");
        assertThatThrownBy(() -> Expression.parse(""))
                .hasMessage("empty expression at 0");
        assertThatThrownBy(() -> Expression.parse("data.")).hasMessageContaining("expected a name after '.'");
        assertThatThrownBy(() -> Expression.parse("12abc")).hasMessageContaining("invalid number");
        assertThatThrownBy(() -> Expression.parse("a b")).hasMessage("unexpected 'b' at 2");
    }

    @Test
    void unknownFunctionIsAParseErrorListingAllowedOnes() {
        assertThatThrownBy(() -> Expression.parse("1 + foo(2)"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("unknown function 'foo' at 4; allowed: len, lower, upper, trim, contains,")
                .hasMessageContaining("exists");
        assertThatThrownBy(() -> Expression.parse("getenv('HOME')")).hasMessageStartingWith("unknown function 'getenv' at 0");
    }

    @Test
    void methodCallsAndCallingValuesAreRejected() {
        assertThatThrownBy(() -> Expression.parse("data.name.upper()"))
                .hasMessageStartingWith("method calls are not supported");
        assertThatThrownBy(() -> Expression.parse("data.getClass()"))
                .isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> Expression.parse("(len)(1)"))
                .isInstanceOf(ExpressionException.class);
    }

    @Test
    void wrongArityIsAParseError() {
        assertThatThrownBy(() -> Expression.parse("len(1, 2)"))
                .hasMessage("function 'len' takes 1 argument(s), got 2 at 0");
        assertThatThrownBy(() -> Expression.parse("round()"))
                .hasMessage("function 'round' takes 1 to 2 argument(s), got 0 at 0");
    }

    // ------------------------------------------------------------ bounds

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        String parens = "(".repeat(4000) + "1" + ")".repeat(4000);
        assertThatThrownBy(() -> Expression.parse(parens))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("nested too deeply (max 64 levels)");
        String nots = "not ".repeat(2000) + "x";
        assertThatThrownBy(() -> Expression.parse(nots)).hasMessageContaining("nested too deeply");
        String minus = "-".repeat(5000) + "1";
        assertThatThrownBy(() -> Expression.parse(minus)).hasMessageContaining("nested too deeply");
        String brackets = "[".repeat(3000);
        assertThatThrownBy(() -> Expression.parse(brackets)).hasMessageContaining("nested too deeply");
        String calls = "len(".repeat(2000);
        assertThatThrownBy(() -> Expression.parse(calls)).hasMessageContaining("nested too deeply");
        // moderate nesting is fine
        assertThat(Expression.parse("(".repeat(64) + "1" + ")".repeat(64)).evaluate(vars())).isEqualTo(IntNode.valueOf(1));
        assertThatThrownBy(() -> Expression.parse("(".repeat(65) + "1" + ")".repeat(65)))
                .hasMessage("expression nested too deeply (max 64 levels) at 64");
        assertThat(Expression.parse("not ".repeat(63) + "0").test(vars())).isTrue(); // odd count
    }

    @Test
    void longFlatChainsParseAndEvaluateWithoutDeepRecursion() {
        String sum = "1" + " + 1".repeat(2400);
        assertThat(Expression.parse(sum).evaluate(vars())).isEqualTo(IntNode.valueOf(2401));
        String path = "data" + ".a".repeat(4000);
        assertThat(Expression.parse(path).evaluate(vars()).isNull()).isTrue();
        String ands = "true" + " and true".repeat(1000);
        assertThat(Expression.parse(ands).test(vars())).isTrue();
    }

    @Test
    void sourceLongerThanLimitIsRejected() {
        String src = "1" + " ".repeat(Expression.MAX_SOURCE_LENGTH);
        assertThatThrownBy(() -> Expression.parse(src))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("expression too long");
    }

    @Test
    void producedStringsAndListsAreBounded() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("big", TextNode.valueOf("x".repeat(400_000)));
        m.put("biglist", M.valueToTree(new int[400_000]));
        Vars v = Vars.of(m);
        assertThat(Expression.parse("big + big").evaluate(v).textValue()).hasSize(800_000);
        assertThatThrownBy(() -> Expression.parse("big + big + big").evaluate(v))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("string result too large");
        assertThatThrownBy(() -> Expression.parse("biglist + biglist + biglist").evaluate(v))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("list result too large");
    }

    @Test
    void evaluationStepBudgetIsEnforced() {
        Map<String, JsonNode> m = new HashMap<>();
        m.put("biglist", M.valueToTree(new int[900_000]));
        Vars v = Vars.of(m);
        // each membership test scans 900k elements; many of them exceed the budget
        String src = "-1 in biglist" + " or -1 in biglist".repeat(200);
        assertThatThrownBy(() -> Expression.parse(src).evaluate(v))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("step budget of 100000");
        // plain node count: a long sum stays within budget
        EvalContext c = new EvalContext(v);
        Expression.parse("1" + " + 1".repeat(2400)).evaluateIn(c);
        assertThat(c.steps()).isLessThan(Expression.MAX_STEPS);
    }

    @Test
    void evaluationOnlyThrowsExpressionException() {
        Vars throwing = name -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> Expression.parse("data.a").evaluate(throwing))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("internal error");
    }

    @Test
    void parsedExpressionIsReusable() {
        Expression e = Expression.parse("item.id * 2");
        for (int i = 0; i < 5; i++) {
            Vars v = Vars.of(Map.of("item", json("{\"id\":" + i + "}")));
            assertThat(e.evaluate(v)).isEqualTo(IntNode.valueOf(i * 2));
        }
    }
}
