package io.webops.kamelets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * One Kamelet of the catalogue as read from its {@code *.kamelet.yaml}: its labels and annotations, its
 * {@code spec.definition} (a JSON Schema), its declared dependencies and which of its properties the template places
 * inside an endpoint URI (where {@code ?}, {@code &} or {@code @} in a value would add endpoint options or change the
 * host).
 *
 * @param kind        {@code source}, {@code sink} or {@code action} (label {@code camel.apache.org/kamelet.type})
 * @param definition  {@code spec.definition} as JSON (properties, required, title, description)
 * @param dependencies {@code spec.dependencies} as written ({@code camel:ftp}, {@code mvn:g:a:v})
 * @param inUri       properties the template writes into a URI string
 * @param templateClasses classes the template instantiates or loads ({@code #class:} beans, a {@code driverClassName}),
 *                    which its declared dependencies do not always bring (the MySQL sink names no driver jar)
 */
public record KameletSpec(String name, String kind, String title, String description, String group, String provider,
                          String icon, String supportLevel, ObjectNode definition, List<String> dependencies,
                          Set<String> inUri, Set<String> templateClasses) {

    /** The properties the definition marks {@code format: password}, in schema order. */
    public List<String> secretProperties() {
        List<String> out = new java.util.ArrayList<>();
        definition.path("properties").fields().forEachRemaining(f -> {
            if ("password".equals(f.getValue().path("format").asText())) {
                out.add(f.getKey());
            }
        });
        return out;
    }

    /** The properties {@code spec.definition.required} lists. */
    public List<String> required() {
        List<String> out = new java.util.ArrayList<>();
        definition.path("required").forEach(r -> out.add(r.asText()));
        return out;
    }

    /**
     * Properties whose value is a resource location ({@code file:}, {@code classpath:}, {@code http:} ...), per their
     * {@code pattern}: the node takes their content inline and the runtime hands it over as a bean ({@code ref:}).
     */
    public List<String> resourceProperties() {
        List<String> out = new java.util.ArrayList<>();
        definition.path("properties").fields().forEachRemaining(f -> {
            String pattern = f.getValue().path("pattern").asText("");
            if (pattern.contains("classpath") && pattern.contains("file")) {
                out.add(f.getKey());
            }
        });
        return out;
    }

    /** A property's JSON Schema {@code type} ({@code string} when the definition gives none). */
    public String typeOf(String property) {
        return definition.path("properties").path(property).path("type").asText("string");
    }

    public boolean source() {
        return "source".equals(kind);
    }
}
