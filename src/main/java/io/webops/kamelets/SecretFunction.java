package io.webops.kamelets;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The property function {@code {{webops-secret:<bean>}}}: the generated YAML names a secret of a Kamelet node's
 * credential by the bean its deployment bound ({@code <route id>.secret.<property>}), and Camel asks this function for
 * the value when it creates the endpoint, so the secret is never written into the YAML or the routes file. Camel
 * resolves placeholders inside the value it gets back and has no escape for them, so a secret holding {@code {{} or
 * {@code }}} is refused before any endpoint is made ({@link KameletNode#secretRefusal}).
 */
public final class SecretFunction implements PropertiesFunction {

    public static final String NAME = "webops-secret";

    /** A secret bound for one node of a deployment; its toString never shows the value. */
    public record Secret(String value) {
        @Override
        public String toString() {
            return "Secret[***]";
        }
    }

    private final CamelContext camel;

    public SecretFunction(CamelContext camel) {
        this.camel = camel;
    }

    /** Adds the function to the context's properties component (once). */
    public static void register(CamelContext camel) {
        var properties = camel.getPropertiesComponent();
        if (!properties.hasPropertiesFunction(NAME)) {
            properties.addPropertiesFunction(new SecretFunction(camel));
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        Secret secret = camel.getRegistry().lookupByNameAndType(remainder.trim(), Secret.class);
        if (secret == null) {
            throw new IllegalStateException("No secret bound as '" + remainder.trim() + "' (the node's deployment is gone)");
        }
        return secret.value();
    }
}
