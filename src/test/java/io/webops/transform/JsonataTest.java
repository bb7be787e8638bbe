package io.webops.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.expr.Condition;
import io.webops.expr.Vars;
import io.webops.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSONata as a transform and a condition language: what it computes, what it refuses, where it stops. */
class JsonataTest {

    private static final JsonNode ORDER = Json.parse("""
            {"customer": {"name": "Ada"}, "items": [{"sku": "a", "price": 50, "qty": 2},
              {"sku": "b", "price": 150, "qty": 1}]}""");

    private static JsonNode work(Work work) {
        try {
            return new WorkLimits(1024, System.nanoTime() + 2_000_000_000L, () -> false).apply(work::run);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private interface Work {
        JsonNode run();
    }

    @Test
    void reshapesTheInputWithPathsAggregatesAndObjectConstructors() {
        Transform t = Transforms.compile("jsonata", "{'who': customer.name, 'total': $sum(items.(price * qty)), "
                + "'skus': items[price > 100].sku, 'none': missing}");
        assertThat(t.apply(ORDER)).isEqualTo(Json.parse("{\"who\": \"Ada\", \"total\": 250, \"skus\": \"b\"}"));
    }

    @Test
    void aTransformInAWorkflowReadsTheOtherNodesAndTheTriggerAsVariables() {
        DataTransform t = DataTransform.compile("jsonata", "{'name': customer.name, 'status': $nodes.check.status, "
                + "'via': $trigger.method}");
        Vars vars = Vars.of(Map.of("nodes", Json.parse("{\"check\": {\"status\": \"ok\"}}"),
                "trigger", Json.parse("{\"method\": \"POST\"}")));
        assertThat(t.apply(ORDER, vars)).isEqualTo(Json.parse("{\"name\": \"Ada\", \"status\": \"ok\", \"via\": \"POST\"}"));
    }

    @Test
    void anAbsentResultIsJsonNullAndNumbersKeepTheirKind() {
        assertThat(Transforms.compile("jsonata", "nothing.here").apply(ORDER).isNull()).isTrue();
        assertThat(Transforms.compile("jsonata", "items[0].price / 4").apply(ORDER)).isEqualTo(Json.parse("12.5"));
        assertThat(Transforms.compile("jsonata", "items[0].price * 2").apply(ORDER)).isEqualTo(Json.parse("100"));
    }

    @Test
    void conditionsReadTheDataAndItsVariablesAsJsonataBooleans() {
        Condition big = Conditions.compile("jsonata", "$sum(items.price) > 100 and customer.name = 'Ada'");
        assertThat(big.test(Vars.of(Map.of("data", ORDER)))).isTrue();
        Condition each = Conditions.compile("jsonata", "$item.price > 100");
        assertThat(each.test(Vars.of(Map.of("data", ORDER, "item", ORDER.at("/items/0"))))).isFalse();
        assertThat(each.test(Vars.of(Map.of("data", ORDER, "item", ORDER.at("/items/1"))))).isTrue();
        assertThat(Conditions.compile("jsonata", "missing").test(Vars.of(Map.of("data", ORDER)))).isFalse();
        assertThat(Conditions.compile("jsonata", "items").test(Vars.of(Map.of("data", ORDER)))).isTrue();
    }

    @Test
    void theDefaultConditionLanguageIsTheProductsOwn() {
        assertThat(Conditions.compile(null, "data.customer.name == 'Ada'").test(Vars.of(Map.of("data", ORDER)))).isTrue();
        assertThatThrownBy(() -> Conditions.compile("cel", "true"))
                .hasMessage("unknown condition language 'cel'; use one of webops, jsonata");
    }

    @Test
    void placeholdersOfCamelAndTheEnvironmentAreJsonataTextNeverResolved() {
        assertThat(Transforms.compile("jsonata", "'{{env:HOME}} ${sys:user.home} #{bean}'").apply(ORDER).asText())
                .isEqualTo("{{env:HOME}} ${sys:user.home} #{bean}");
        assertThat(Transforms.compile("jsonata", "$string(${'a': '${env:HOME}'})").apply(ORDER).asText())
                .isEqualTo("{\"a\":\"${env:HOME}\"}");
    }

    @Test
    void aSyntaxErrorNamesTheLanguageAndThePosition() {
        assertThatThrownBy(() -> Transforms.compile("jsonata", "{'n': name"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("JSONata: ")
                .hasMessageContaining("(at ");
    }

    @Test
    void regularExpressionsAreRefusedWhenCompiledAndEvalWhenCalled() {
        assertThatThrownBy(() -> Transforms.compile("jsonata", "$replace(name, /(a+)+$/, 'x')"))
                .hasMessageStartingWith("JSONata: regular expressions (/.../) are not supported");
        assertThatThrownBy(() -> Transforms.compile("jsonata", "$eval('$match(\"aaa\", /a/)')").apply(ORDER))
                .hasMessageContaining("$eval is not available");
    }

    @Test
    void recursionWithoutEndStopsAtTheNestingLimit() {
        Transform t = Transforms.compile("jsonata", "($f := function($n) { 1 + $f($n + 1) }; $f(0))");
        assertThatThrownBy(() -> work(() -> t.apply(ORDER)))
                .hasMessageContaining("nests more than " + JsonataQuery.MAX_DEPTH + " levels");
    }

    @Test
    void aLoopPastTheDeadlineIsStoppedAtTheNodesTimeout() {
        Transform t = Transforms.compile("jsonata", "$sum($map([1..100], function($a) { $sum($map([1..100], "
                + "function($b) { $sum($map([1..100], function($c) { $sum([1..100]) })) })) }))");
        long started = System.nanoTime();
        assertThatThrownBy(() -> work(() -> t.apply(ORDER)))
                .isInstanceOfSatisfying(WorkLimits.Exceeded.class,
                        e -> assertThat(e.limit()).isEqualTo(WorkLimits.Exceeded.Limit.TIME));
        assertThat(System.nanoTime() - started).isLessThan(4_000_000_000L);
    }

    @Test
    void valuesLargerThanTheNodesLimitAreRefusedBeforeOrAsTheyAreBuilt() {
        assertThatThrownBy(() -> work(() -> Transforms.compile("jsonata", "$pad('x', 100000000)").apply(ORDER)))
                .isInstanceOfSatisfying(WorkLimits.Exceeded.class,
                        e -> assertThat(e.limit()).isEqualTo(WorkLimits.Exceeded.Limit.VALUE));
        Transform doubling = Transforms.compile("jsonata",
                "($d := function($s, $n) { $n = 0 ? $s : $d($s & $s, $n - 1) }; $d('ab', 40))");
        assertThatThrownBy(() -> work(() -> doubling.apply(ORDER)))
                .isInstanceOfSatisfying(WorkLimits.Exceeded.class,
                        e -> assertThat(e.limit()).isEqualTo(WorkLimits.Exceeded.Limit.VALUE));
        assertThat(work(() -> Transforms.compile("jsonata", "$pad('x', 5)").apply(ORDER)).asText()).isEqualTo("x    ");
    }

    @Test
    void aConditionTestedOutsideANodesWorkIsStillBounded() {
        Condition forever = Conditions.compile("jsonata", "$count($map([1..9999999], function($v) { $v })) > 0");
        assertThatThrownBy(() -> forever.test(Vars.of(Map.of("data", ORDER))))
                .isInstanceOf(WorkLimits.Exceeded.class);
    }
}
