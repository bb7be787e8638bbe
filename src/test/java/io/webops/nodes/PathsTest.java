package io.webops.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import org.junit.jupiter.api.Test;

/** Setting a value at a path copies the containers along it and shares the rest, never changing the input. */
class PathsTest {

    private static final String INPUT = """
            {"order": {"lines": [{"sku": "a"}, {"sku": "b"}], "customer": {"name": "Ada"}},
             "archive": {"lines": [{"sku": "old"}]}}""";

    @Test
    void settingANestedValueLeavesTheInputAsItWasAndSharesWhatIsOffThePath() {
        JsonNode input = Json.parse(INPUT);
        JsonNode kept = Json.parse("[{\"sku\": \"a\"}]");

        JsonNode out = Paths.with(input, "order.lines", kept);

        assertThat(out.at("/order/lines")).isSameAs(kept);
        assertThat(input).isEqualTo(Json.parse(INPUT));
        assertThat(out.get("archive")).isSameAs(input.get("archive"));
        assertThat(out.at("/order/customer")).isSameAs(input.at("/order/customer"));
        assertThat(out.get("order")).isNotSameAs(input.get("order"));
    }

    @Test
    void anIndexOnThePathCopiesThatArrayAndNotItsOtherItems() {
        JsonNode input = Json.parse(INPUT);

        JsonNode out = Paths.with(input, "order.lines.1.sku", Json.NODES.textNode("c"));

        assertThat(out.at("/order/lines/1/sku").asText()).isEqualTo("c");
        assertThat(input.at("/order/lines/1/sku").asText()).isEqualTo("b");
        assertThat(out.at("/order/lines/0")).isSameAs(input.at("/order/lines/0"));
    }
}
