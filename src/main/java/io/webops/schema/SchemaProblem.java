package io.webops.schema;

/**
 * One validation problem in a node's config.
 *
 * @param field   dotted path inside the config, with {@code [i]} for array items, e.g. {@code "url"} or
 *                {@code "operations[0].op"}; {@code ""} for the config object itself
 * @param message a human-readable sentence naming the field, e.g. {@code "config.url is required"}
 */
public record SchemaProblem(String field, String message) {
}
