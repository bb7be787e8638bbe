package io.webops.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.json.Json;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** n8n's {@code ={{ ... }}} values: plain paths become the product's paths and templates, other JavaScript does not. */
class N8nExpressionsTest {

    private static final N8nExpressions EXPRESSIONS = new N8nExpressions(
            Map.of("Fetch data", "fetch-data", "Webhook", "webhook")::get);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            plain text                                   | plain text
            ={{ $json.a.b }}                             | {{ data.a.b }}
            ={{$json.items[0].sku}}                      | {{ data.items[0].sku }}
            ={{ $json["first name"] }}                   | {{ data['first name'] }}
            ={{ $json?.customer?.email }}                | {{ data.customer.email }}
            ={{ $input.item.json.total }}                | {{ data.total }}
            ={{ $('Fetch data').item.json.id }}          | {{ nodes['fetch-data'].id }}
            ={{ $("Webhook").first().json.body.name }}   | {{ nodes.webhook.body.name }}
            ={{ $node["Webhook"].json.query.page }}      | {{ nodes.webhook.query.page }}
            =Hi {{ $json.name }}, order {{ $json.id }}!  | Hi {{ data.name }}, order {{ data.id }}!
            ={{ $json.total * 2 }}                       | NONE
            ={{ $json.name.toUpperCase() }}              | NONE
            ={{ $('Unknown node').item.json.x }}         | NONE
            ={{ $now }}                                  | NONE
            """)
    void plainPathsBecomeTemplatesAndOtherJavaScriptDoesNot(String n8n, String template) {
        assertThat(EXPRESSIONS.template(n8n)).isEqualTo(template);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ={{ $json.a.b }}              | $data.a.b
            ={{ $json["first name"] }}    | $data.`first name`
            ={{ $('Webhook').item.json.body.price }} | $nodes.webhook.body.price
            =Total: {{ $json.total }} EUR | "Total: " & $string($data.total) & " EUR"
            n8n                           | "n8n"
            """)
    void valuesBecomeJsonata(String n8n, String jsonata) {
        assertThat(EXPRESSIONS.jsonata(Json.NODES.textNode(n8n))).isEqualTo(jsonata);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ={{ $json.total * 2 }}  | ($json.total * 2)
            =Hi {{ $json.name }}    | String("Hi ") + String(($json.name))
            small                   | "small"
            """)
    void otherValuesAreKeptAsJavaScriptForTheSandbox(String n8n, String javaScript) {
        assertThat(N8nExpressions.javaScript(Json.NODES.textNode(n8n))).isEqualTo(javaScript);
    }
}
