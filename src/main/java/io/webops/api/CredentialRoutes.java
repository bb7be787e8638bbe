package io.webops.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.Credential;
import io.webops.credentials.CredentialKinds;
import io.webops.credentials.Vault;
import io.webops.json.Json;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;

/**
 * Credentials (§6, §7): created with their secrets, read back without them. The answer is
 * {@code {id, name, kind, created_at, updated_at}}, the non-secret fields both at the top level
 * (as §7 reads) and under {@code fields}, and {@code secret_fields}: which secrets are set.
 */
public final class CredentialRoutes extends ApiRouteBuilder {

    static final String KIND = "credential";
    private static final String WHAT = "Credential";

    private final Vault vault;

    public CredentialRoutes(Vault vault) {
        this.vault = vault;
    }

    @Override
    public void configure() {
        api("credential-kinds", "/api/credential-kinds", "GET", e -> {
            ObjectNode kinds = Json.object();
            CredentialKinds.all().forEach(kinds::set);
            return kinds;
        });
        api("credentials", "/api/credentials", "GET,POST", e -> guarded(() -> {
            if (method(e).equals("POST")) {
                requireWriter(e);
                Credential created = vault.create(caller(e), body(e));
                audit(e, "credential.create", KIND, created.id(), Json.object().put("kind", created.kind()));
                status(e, 201);
                return json(created);
            }
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("items");
            vault.list(caller(e), security().access().shares().sharedWith(KIND, caller(e).userId()))
                    .forEach(c -> items.add(json(c)));
            out.putNull("next_cursor");
            return out;
        }));
        api("credential", "/api/credentials/{id}", "GET,PUT,DELETE", e -> guarded(() -> {
            Credential current = vault.get(id(e));
            switch (method(e)) {
                case "PUT" -> {
                    requireWrite(e, KIND, current.id(), current.ownerId(), WHAT);
                    Credential updated = vault.update(current.id(), body(e));
                    audit(e, "credential.update", KIND, current.id(), null);
                    return json(updated);
                }
                case "DELETE" -> {
                    requireWrite(e, KIND, current.id(), current.ownerId(), WHAT);
                    vault.delete(current.id());
                    security().access().shares().removeAll(KIND, current.id());
                    audit(e, "credential.delete", KIND, current.id(), null);
                    status(e, 204);
                    return null;
                }
                default -> {
                    requireRead(e, KIND, current.id(), current.ownerId(), WHAT);
                    return json(current);
                }
            }
        }));
        api("credential-share", "/api/credentials/{id}/share", "GET,POST,DELETE", e -> guarded(() -> {
            Credential current = vault.get(id(e));
            requireRead(e, KIND, current.id(), current.ownerId(), WHAT);
            return share(e, KIND, current.id(), current.ownerId(), WHAT);
        }));
    }

    private interface Action {
        Object run() throws Exception;
    }

    private static Object guarded(Action action) throws Exception {
        try {
            return action.run();
        } catch (Vault.Invalid ex) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, ex.getMessage(), ex.problems());
        } catch (NoSuchElementException ex) {
            throw new ApiException(ErrorCode.NOT_FOUND, ex.getMessage());
        }
    }

    static ObjectNode json(Credential c) {
        ObjectNode out = Json.object();
        out.setAll(c.fields());
        out.put("id", c.id());
        out.put("name", c.name());
        out.put("kind", c.kind());
        out.put("owner_id", c.ownerId());
        out.put("created_at", ApiJson.time(c.createdAt()));
        out.put("updated_at", ApiJson.time(c.updatedAt()));
        out.set("fields", c.fields());
        ArrayNode secrets = out.putArray("secret_fields");
        c.secretFields().forEach(secrets::add);
        return out;
    }
}
