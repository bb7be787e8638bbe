package io.webops.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * Why the {@code transform} node's JSONPath stays a Java processor instead of becoming camel-jsonpath's
 * {@code transform: jsonpath:} step (§10.2 asks to show it where a component cannot take user text safely): an
 * expression written into the YAML is the user's text, and Camel resolves property placeholders in it before
 * camel-jsonpath ever sees it, so a query can read the server's environment. The runtime's own JSONPath gets the text
 * as it was written.
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
}
