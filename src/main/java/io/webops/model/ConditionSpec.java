package io.webops.model;

/** A connection's condition: {@code expression} in {@code language}, {@code webops} (the default) or {@code jsonata}. */
public record ConditionSpec(String language, String expression) {

    public static final String DEFAULT_LANGUAGE = "webops";
}
