package io.webops.model;

/** A connection's data transform: {@code type} is jmespath, jsonpath, jslt, jsonata or template. */
public record TransformSpec(String type, String query) {
}
