package io.webops.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Why the {@code transform} node's JSONPath and JSLT stay Java processors instead of becoming camel-jsonpath's and
 * camel-jslt's steps (the Camel-native issue asks to show it where a component cannot take user text safely):
 * <ul>
 *   <li>an expression written into the YAML is the user's text, and Camel resolves property placeholders in it before
 *   camel-jsonpath ever sees it, so a query can read the server's environment; the runtime's own JSONPath gets the text
 *   as it was written;</li>
 *   <li>camel-jslt can take the template from a header instead of the YAML, but it compiles it with JSLT's stock
 *   operators, so a query building a value far past the node's output cap runs to the end and fills the heap; the
 *   runtime's JSLT stops it where it builds (the same holds for its regular expressions' deadline).</li>
 * </ul>
 */
class UserTextInCamelExpressionsTest {

    @Test
    void camelRewritesAJsonPathWrittenIntoTheYamlWithThePropertiesItCanSee() throws Exception {
        System.setProperty("webops.test.secret", "server-side-value");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            String userQuery = "$['{{sys:webops.test.secret}}']";
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("user.camel.yaml", """
                    - route:
                        from:
                          uri: direct:user
                          steps:
                            - transform:
                                jsonpath:
                                  expression: "%s"
                    """.formatted(userQuery)));
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            // the query the user wrote names a key "{{sys:...}}"; the one Camel ran names the system property's value
            Object answer = producer.requestBody("direct:user", "{\"server-side-value\": \"leaked\", \"{{sys:webops.test.secret}}\": \"literal\"}");
            assertThat(answer).isEqualTo("leaked");
        } finally {
            System.clearProperty("webops.test.secret");
        }
        io.webops.transform.DataTransform own = io.webops.transform.DataTransform.compile(
                new io.webops.model.TransformSpec("jsonpath", "$['{{sys:webops.test.secret}}']"));
        assertThat(own.apply(io.webops.json.Json.parse("{\"server-side-value\": \"leaked\", \"{{sys:webops.test.secret}}\": \"literal\"}"), null)
                .asText()).isEqualTo("literal");
    }

    /** A JSLT query that builds a 1 MiB string by doubling the input's 16-character seed 16 times. */
    private static final String DOUBLING = "let s0 = .seed "
            + java.util.stream.IntStream.range(1, 17).mapToObj(i -> "let s" + i + " = $s" + (i - 1) + " + $s" + (i - 1) + " ")
                    .collect(java.util.stream.Collectors.joining())
            + "{\"size\": size($s16)}";
    private static final String SEED = "{\"seed\": \"0123456789abcdef\"}";

    @Test
    void camelJsltRunsAQueryPastTheWorkLimitsTheRuntimesJsltStopsAt() throws Exception {
        long cap = 64 * 1024;
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:jslt").to("jslt:unused.json?allowTemplateFromHeader=true");
                }
            });
            camel.start();
            // the same limits the runtime opens around a node's work: nothing outside a transform looks at them
            Object answer = new io.webops.transform.WorkLimits(cap, System.nanoTime() + 5_000_000_000L, () -> false).apply(() ->
                    camel.createProducerTemplate().requestBodyAndHeader("direct:jslt", SEED, "CamelJsltString", DOUBLING, String.class));
            assertThat(io.webops.json.Json.parse((String) answer).path("size").asLong()).as("camel-jslt built the whole string")
                    .isEqualTo(1L << 20).isGreaterThan(cap);
        }
        io.webops.transform.DataTransform own = io.webops.transform.DataTransform.compile("jslt", DOUBLING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new io.webops.transform.WorkLimits(cap, System.nanoTime() + 5_000_000_000L, () -> false)
                                .apply(() -> own.apply(io.webops.json.Json.parse(SEED), null)))
                .as("the runtime's JSLT stops at the cap").isInstanceOf(io.webops.transform.WorkLimits.Exceeded.class);
    }
}
