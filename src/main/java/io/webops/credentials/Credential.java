package io.webops.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A stored credential as the API shows it: never its secrets, only which secret fields are set. */
public record Credential(String id, String ownerId, String name, String kind, ObjectNode fields,
                         java.util.List<String> secretFields, Instant createdAt, Instant updatedAt) {
}
