package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * What a Kamelet receives through the endpoint a Kamelet node renders ({@link KameletNode#literal},
 * {@link KameletNode#secret}): plain values arrive as written, URI-special characters included, and a secret resolved
 * by {@link SecretFunction} arrives literally, expression syntax included. The echo Kamelet (test resources) answers
 * what it was given. A secret holding {@code {{...}}} would be resolved by the Kamelet's template: it is refused
 * ({@link KameletNode#secretRefusal}), and this test shows why.
 */
class KameletLiteralValuesTest {

    private static String echo(Map<String, Object> parameters, Map<String, String> secrets) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            SecretFunction.register(camel);
            secrets.forEach((name, value) -> camel.getRegistry().bind(name, new SecretFunction.Secret(value)));
            Map<String, Object> to = new LinkedHashMap<>();
            to.put("uri", "kamelet:webops-test-echo-action/echo");
            to.put("parameters", parameters);
            Map<String, Object> route = Map.of("route", Map.of("id", "r", "from",
                    Map.of("uri", "direct:in", "steps", List.of(Map.of("to", to)))));
            String yaml = Json.write(List.of(route)); // JSON is YAML
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("t.yaml", yaml));
            camel.start();
            return camel.createProducerTemplate().requestBody("direct:in", "{}", String.class);
        }
    }

    @Test
    void plainValuesWithUriCharactersArriveAsWritten() throws Exception {
        for (String value : List.of("a&b=c %41+d/e;f,g'h\"i", "x)&y=1", "(a&b)+c%d", "SELECT 1 WHERE a IN (:#x)")) {
            assertThat(echo(Map.of("text", KameletNode.literal(value)), Map.of()))
                    .isEqualTo("text=[" + value + "] password=[]");
        }
    }

    @Test
    void aSecretWithExpressionAndUriSyntaxArrivesLiterally() throws Exception {
        String secret = "p${sys:user.home}-#bean:x-RAW(y)-&z=1%41+)b";
        String answer = echo(Map.of("text", KameletNode.literal("t"), "password", KameletNode.secret("n.secret.password")),
                Map.of("n.secret.password", secret));
        assertThat(answer).isEqualTo("text=[t] password=[" + secret + "]");
        assertThat(KameletNode.secretRefusal(secret)).isNull();
    }

    @Test
    void aSecretWithPlaceholderSyntaxWouldResolveSoItIsRefused() throws Exception {
        String secret = "p{{env:HOME}}q";
        String answer = echo(Map.of("text", KameletNode.literal("t"), "password", KameletNode.secret("s")), Map.of("s", secret));
        assertThat(answer).isNotEqualTo("text=[t] password=[" + secret + "]"); // Camel resolves it inside the Kamelet
        assertThat(KameletNode.secretRefusal(secret)).contains("'{{'");
        assertThat(KameletNode.secretRefusal("a}}")).contains("'}}'");
        assertThat(KameletNode.secretRefusal("a)&b=c")).contains("')&'"); // would end RAW( early
    }
}
