package io.webops.testing.servers;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * YAML DSL routes around one Kamelet, written as a Camel user would, and a bare CamelContext to run them: a sink is
 * fed from {@value #SINK_INPUT}; a source's messages, bodies converted to String, arrive on {@value #SOURCE_OUTPUT}.
 */
public final class KameletRoutes {

    public static final String SINK_INPUT = "direct:in";
    public static final String SOURCE_OUTPUT = "seda:received";

    private KameletRoutes() {
    }

    /** {@code direct:in → kamelet:<name>} with these properties. */
    public static String sink(String kamelet, Map<String, ?> properties) {
        return """
                - route:
                    from:
                      uri: %s
                      steps:
                        - to:
                            uri: kamelet:%s
                            parameters:
                %s""".formatted(SINK_INPUT, kamelet, parameters(properties, "              "));
    }

    /** {@code kamelet:<name>} with these properties {@code → convertBodyTo String → seda:received}. */
    public static String source(String kamelet, Map<String, ?> properties) {
        return """
                - route:
                    from:
                      uri: kamelet:%s
                      parameters:
                %s      steps:
                        - convertBodyTo:
                            type: java.lang.String
                        - to: %s
                """.formatted(kamelet, parameters(properties, "        "), SOURCE_OUTPUT);
    }

    private static String parameters(Map<String, ?> properties, String indent) {
        StringBuilder yaml = new StringBuilder();
        properties.forEach((name, value) -> yaml.append(indent).append(name).append(": ").append(quoted(value)).append('\n'));
        return yaml.toString();
    }

    private static String quoted(Object value) {
        return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A started DefaultCamelContext running these YAML routes. */
    public static DefaultCamelContext start(String yamlRoutes) throws Exception {
        return start(yamlRoutes, camel -> { });
    }

    /** The same, with {@code beforeRoutes} run on the context before the routes are loaded (bind beans, guards). */
    public static DefaultCamelContext start(String yamlRoutes, Consumer<CamelContext> beforeRoutes) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            beforeRoutes.accept(camel);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("routes.yaml", yamlRoutes));
            camel.start();
            return camel;
        } catch (Exception | Error e) {
            camel.close();
            throw e;
        }
    }
}
