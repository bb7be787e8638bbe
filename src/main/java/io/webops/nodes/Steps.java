package io.webops.nodes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for the YAML DSL fragments the translator and node types emit. */
public final class Steps {

    private Steps() {
    }

    /** An ordered map from alternating keys and values. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** {@code process: {ref: bean}}. */
    public static Map<String, Object> process(String bean) {
        return map("process", map("ref", bean));
    }

    /** An expression or predicate looked up from the registry (Camel's {@code ref} language). */
    public static Map<String, Object> ref(String bean) {
        return map("ref", map("expression", bean));
    }

    /** A comment line inside a step map. */
    public static Map<String, Object> withComment(String comment, Map<String, Object> step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("#", comment);
        m.putAll(step);
        return m;
    }

    public static List<Object> list(Object... items) {
        return List.of(items);
    }
}
