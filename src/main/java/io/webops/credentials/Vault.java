package io.webops.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.auth.Caller;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.schema.ConfigSchemas;
import io.webops.schema.SchemaProblem;
import io.webops.security.SecretBox;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The credential vault of §7. Secrets are write-only: they are sealed with AES-256-GCM (the
 * credential's id as associated data) before they reach the database, are opened only for a
 * node at run time ({@link #resolve}), and never appear in what the API answers.
 */
public final class Vault {

    /** A request the vault refuses, with the problems found (field names are {@code fields.<name>}). */
    public static final class Invalid extends RuntimeException {
        private final List<ValidationError> problems;

        Invalid(String message, List<ValidationError> problems) {
            super(message, null, false, false);
            this.problems = problems;
        }

        public List<ValidationError> problems() {
            return problems;
        }
    }

    /** A check of a kind's fields beyond its schema, run when a credential is created or changed. */
    @FunctionalInterface
    public interface FieldCheck {
        /** The problems found, each naming its field as {@code fields.<name>}. */
        List<ValidationError> problems(ObjectNode fields);
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long CACHE_MILLIS = 10_000;
    private static final Map<String, ConfigSchemas> SCHEMAS = new ConcurrentHashMap<>();

    private record Cached(ResolvedCredential credential, long until) {
    }

    private final CredentialRows rows;
    private final SecretBox box;
    private final Map<String, Cached> opened = new ConcurrentHashMap<>();
    private final Map<String, FieldCheck> fieldChecks = new ConcurrentHashMap<>();

    public Vault(DataSource dataSource, SecretBox box) {
        this.rows = new CredentialRows(dataSource);
        this.box = box;
    }

    /** Adds a check for credentials of a kind (a database URL the runtime would refuse, say). */
    public void addFieldCheck(String kind, FieldCheck check) {
        fieldChecks.put(kind, check);
    }

    public Credential create(Caller caller, JsonNode request) {
        String name = name(request, null);
        String kind = request.path("kind").asText("");
        if (CredentialKinds.schema(kind).isEmpty()) {
            throw invalid("kind", "Unknown credential kind '" + kind + "'; one of " + String.join(", ", CredentialKinds.ids()));
        }
        ObjectNode fields = fields(request);
        check(kind, fields);
        String id = "cred_" + HexFormat.of().formatHex(randomBytes(9));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CredentialRows.Row row = split(id, caller.userId(), name, kind, fields, now, now);
        rows.insert(row);
        return view(row);
    }

    /**
     * Replaces name and fields. A secret field left out keeps its stored value, so a form can
     * change the host without knowing the password; a secret set to "" or null is cleared.
     */
    public Credential update(String id, JsonNode request) {
        CredentialRows.Row current = existing(id);
        ObjectNode merged = open(current);
        ObjectNode given = fields(request);
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull() || f.getValue().asText().isEmpty()) {
                merged.remove(f.getKey());
            } else {
                merged.set(f.getKey(), f.getValue());
            }
        }
        for (Iterator<String> it = merged.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!CredentialKinds.isSecret(current.kind(), f) && !given.has(f)) {
                it.remove();
            }
        }
        check(current.kind(), merged);
        CredentialRows.Row row = split(id, current.ownerId(), name(request, current.name()), current.kind(), merged,
                current.createdAt(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        rows.replace(row);
        opened.remove(id);
        return view(row);
    }

    /** What a caller may see: everything for admins, else their own and those shared with them. */
    public List<Credential> list(Caller caller, java.util.Collection<String> sharedWithCaller) {
        if (caller.isAdmin()) {
            return rows.list(null).stream().map(this::view).toList();
        }
        List<Credential> out = new ArrayList<>(rows.list(caller.userId()).stream().map(this::view).toList());
        for (String id : sharedWithCaller) {
            rows.get(id).filter(r -> !r.ownerId().equals(caller.userId())).ifPresent(r -> out.add(view(r)));
        }
        return out;
    }

    /** The registry name the API finds the vault under. */
    public static final String BEAN = "webops.vault";

    public Optional<Credential> find(String id) {
        return rows.get(id).map(this::view);
    }

    /** The credential, whoever owns it: access is the API's to check. */
    public Credential get(String id) {
        return view(existing(id));
    }

    public void delete(String id) {
        existing(id);
        rows.delete(id);
        opened.remove(id);
    }

    /** The kind of a credential, if it exists: what validation needs to check a node's reference. */
    public Optional<String> kindOf(String id) {
        return rows.get(id).map(CredentialRows.Row::kind);
    }

    /**
     * A credential opened for a node at run time, from a short cache so an execution does not read
     * and decrypt it each time (a change made on this instance is seen at once, on another within
     * ten seconds). Throws {@link IllegalArgumentException} naming the problem when it cannot.
     */
    public ResolvedCredential resolve(String id, String kind) {
        long now = System.currentTimeMillis();
        Cached c = opened.get(id);
        if (c == null || c.until < now) {
            CredentialRows.Row row = rows.get(id).orElseThrow(() -> new IllegalArgumentException(notFound(id)));
            ObjectNode all = open(row);
            List<String> secretValues = new ArrayList<>();
            all.fields().forEachRemaining(f -> {
                if (CredentialKinds.isSecret(row.kind(), f.getKey())) {
                    secretValues.add(f.getValue().asText());
                }
            });
            c = new Cached(new ResolvedCredential(id, row.kind(), all, List.copyOf(secretValues)), now + CACHE_MILLIS);
            opened.put(id, c);
        }
        if (kind != null && !kind.equals(c.credential.kind())) {
            throw new IllegalArgumentException("Credential '" + id + "' is a " + c.credential.kind()
                    + " credential; this node needs a " + kind + " credential");
        }
        return c.credential;
    }

    /** What a node is told of a credential that does not exist, or that its workflow's owner may not read. */
    public static String notFound(String id) {
        return "Credential '" + id + "' does not exist";
    }

    /** Re-seals every credential's secrets under a new key in one transaction (master key rotation). */
    public int reseal(SecretBox next, java.sql.Connection c) throws java.sql.SQLException {
        int n = 0;
        for (CredentialRows.Row row : rows.list(null)) {
            rows.updateSecrets(c, row.id(), next.seal(box.open(row.secrets(), row.id()), row.id()));
            n++;
        }
        return n;
    }

    private CredentialRows.Row existing(String id) {
        return rows.get(id)
                .orElseThrow(() -> new java.util.NoSuchElementException("Credential '" + id + "' does not exist"));
    }

    private CredentialRows.Row split(String id, String owner, String name, String kind, ObjectNode fields,
                                     Instant created, Instant updated) {
        ObjectNode open = Json.object();
        ObjectNode secret = Json.object();
        fields.fields().forEachRemaining(f ->
                (CredentialKinds.isSecret(kind, f.getKey()) ? secret : open).set(f.getKey(), f.getValue()));
        List<String> names = new ArrayList<>();
        secret.fieldNames().forEachRemaining(names::add);
        return new CredentialRows.Row(id, owner, name, kind, open, box.seal(Json.write(secret), id), names, created, updated);
    }

    private ObjectNode open(CredentialRows.Row row) {
        ObjectNode all = row.fields().deepCopy();
        all.setAll((ObjectNode) Json.parse(box.open(row.secrets(), row.id())));
        return all;
    }

    private Credential view(CredentialRows.Row row) {
        return new Credential(row.id(), row.ownerId(), row.name(), row.kind(), row.fields(), row.secretNames(),
                row.createdAt(), row.updatedAt());
    }

    private static String name(JsonNode request, String fallback) {
        JsonNode n = request.get("name");
        if (n == null && fallback != null) {
            return fallback;
        }
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw invalid("name", "name is required: a label for the credential, e.g. \"Sales database\"");
        }
        return n.asText().trim();
    }

    private static ObjectNode fields(JsonNode request) {
        JsonNode f = request.get("fields");
        if (f == null) {
            return Json.object();
        }
        if (!f.isObject()) {
            throw invalid("fields", "fields must be an object of field names to values");
        }
        return f.deepCopy();
    }

    private void check(String kind, ObjectNode fields) {
        ConfigSchemas schema = SCHEMAS.computeIfAbsent(kind, k -> ConfigSchemas.compile(CredentialKinds.schema(k).orElseThrow()));
        List<ValidationError> problems = new ArrayList<>();
        for (SchemaProblem p : schema.validate(fields)) {
            String field = p.field() == null || p.field().isEmpty() ? "fields" : "fields." + p.field();
            problems.add(ValidationError.ofDocument(field, "Credential (" + kind + "): " + p.message()));
        }
        fields.fields().forEachRemaining(f -> {
            if (!f.getValue().isValueNode()) {
                problems.add(ValidationError.ofDocument("fields." + f.getKey(),
                        "Credential (" + kind + "): " + f.getKey() + " must be a text or number, not " + f.getValue().getNodeType()));
            }
        });
        FieldCheck extra = fieldChecks.get(kind);
        if (problems.isEmpty() && extra != null) {
            problems.addAll(extra.problems(fields));
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems.get(0).message(), problems);
        }
    }

    private static Invalid invalid(String field, String message) {
        return new Invalid(message, List.of(ValidationError.ofDocument(field, message)));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
