package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.auth.Caller;
import io.webops.auth.Passwords;
import io.webops.auth.Role;
import io.webops.auth.Secrets;
import io.webops.history.ApiTokens;
import io.webops.history.Store;
import io.webops.history.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, sign-in and API tokens: the first admin (from the environment, or through a one-time setup link),
 * password sign-in to a session, API tokens, and the admins' user management.
 */
public final class AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
    /** Hashed for unknown e-mails too, so a sign-in takes as long whether the account exists or not. */
    private static final String DUMMY_HASH = Passwords.hash("not-a-password-" + Secrets.random(""));

    /** A new session: the cookie value, its CSRF token and how long both last. */
    public record SignedIn(Users.User user, String sessionId, String csrfToken, Duration lifetime) {
    }

    /** A new API token: the value, shown this once, and its record. */
    public record NewToken(String token, ApiTokens.ApiToken record) {
    }

    private final Store store;
    private final Duration sessionLifetime;
    private final AtomicReference<String> setupToken = new AtomicReference<>();

    public AccountService(Store store, Duration sessionLifetime) {
        this.store = store;
        this.sessionLifetime = sessionLifetime;
    }

    /**
     * At start: creates the first admin (and registers the bootstrap API token) from the settings when given;
     * with no account and no settings, logs a one-time setup link instead.
     */
    public void bootstrap(AccountSettings settings, int port) {
        if (settings.adminEmail() != null && settings.adminPassword() != null
                && store.users().byEmail(settings.adminEmail()).isEmpty() && store.users().countAdmins() == 0) {
            requireStrong(settings.adminPassword(), "WEBOPS_ADMIN_PASSWORD");
            try {
                store.users().create(newId("u-"), settings.adminEmail(), Passwords.hash(settings.adminPassword()), Role.ADMIN.id());
                LOG.info("Created the first admin {} from WEBOPS_ADMIN_EMAIL", settings.adminEmail());
            } catch (IllegalStateException createdByAnotherInstance) {
                LOG.info("The first admin was created by another instance");
            }
        }
        if (settings.adminToken() != null && !store.apiTokens().exists(Secrets.sha256(settings.adminToken()))) {
            Users.User admin = (settings.adminEmail() == null ? java.util.Optional.<Users.User>empty() : store.users().byEmail(settings.adminEmail()))
                    .or(() -> store.users().all().stream().filter(u -> Role.ADMIN.id().equals(u.role())).findFirst())
                    .orElseThrow(() -> new IllegalStateException(
                            "WEBOPS_ADMIN_TOKEN needs an admin: set WEBOPS_ADMIN_EMAIL and WEBOPS_ADMIN_PASSWORD too"));
            try {
                store.apiTokens().create(newId("t-"), admin.id(), "bootstrap (WEBOPS_ADMIN_TOKEN)", Secrets.sha256(settings.adminToken()));
            } catch (IllegalStateException registeredByAnotherInstance) {
                LOG.debug("The bootstrap token was registered by another instance");
            }
        }
        if (!store.users().any()) {
            String token = Secrets.random("setup_");
            setupToken.set(token);
            LOG.warn("No account exists yet. Create the first admin once at http://localhost:{}/setup?token={}"
                    + " (or POST /api/auth/setup with token, email and password), or set WEBOPS_ADMIN_EMAIL and WEBOPS_ADMIN_PASSWORD", port, token);
        }
    }

    /** The one-time setup: creates the first admin when the token matches and no account exists. */
    public synchronized Users.User setup(String token, String email, String password) {
        String expected = setupToken.get();
        if (expected == null || store.users().any()) {
            throw new ApiException(ErrorCode.CONFLICT, "Setup is done already: sign in with POST /api/auth/login");
        }
        if (!Secrets.same(token, expected)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The setup token is wrong: use the link the server logged at its first start");
        }
        Users.User admin = createUser(email, password, Role.ADMIN.id());
        setupToken.set(null);
        return admin;
    }

    public SignedIn signIn(String email, String password) {
        Users.User user = checkPassword(email, password);
        String sessionId = Secrets.random("ses_");
        String csrf = Secrets.random("");
        store.sessions().create(Secrets.sha256(sessionId), user.id(), csrf, Instant.now().plus(sessionLifetime));
        return new SignedIn(user, sessionId, csrf, sessionLifetime);
    }

    public void signOut(String sessionId) {
        if (sessionId != null) {
            store.sessions().delete(Secrets.sha256(sessionId));
        }
    }

    /** Checks the password and gives the account a new API token. */
    public NewToken tokenFor(String email, String password, String name) {
        return newToken(checkPassword(email, password).id(), name);
    }

    public NewToken newToken(String userId, String name) {
        String token = Secrets.random("wo_");
        String label = name == null || name.isBlank() ? "api" : name.strip();
        if (label.length() > 255) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "name must have at most 255 characters");
        }
        return new NewToken(token, store.apiTokens().create(newId("t-"), userId, label, Secrets.sha256(token)));
    }

    public List<ApiTokens.ApiToken> tokens(Caller caller) {
        return store.apiTokens().forUser(caller.userId());
    }

    public void revokeToken(Caller caller, String tokenId) {
        if (!store.apiTokens().delete(caller.userId(), tokenId)) {
            throw ApiException.notFound("Token", tokenId);
        }
    }

    public Users.User user(String id) {
        return store.users().get(id).orElseThrow(() -> ApiException.notFound("User", id));
    }

    public List<Users.User> users() {
        return store.users().all();
    }

    public Users.User createUser(String email, String password, String role) {
        if (email == null || !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "email must be an e-mail address like ada@example.com");
        }
        requireStrong(password, "password");
        requireRole(role);
        try {
            return store.users().create(newId("u-"), email, Passwords.hash(password), role);
        } catch (IllegalStateException taken) {
            throw new ApiException(ErrorCode.CONFLICT, "An account with e-mail " + email.trim() + " exists already");
        }
    }

    /**
     * Changes role, password and/or {@code disabled}; the last admin cannot be demoted or disabled (someone must be able
     * to manage accounts), nor can admins disable themselves. Disabling ends the account's sessions.
     */
    public Users.User updateUser(Caller caller, String id, JsonNode changes) {
        Users.User user = user(id);
        String role = changes.path("role").asText(null);
        if (role != null && !role.equals(user.role())) {
            requireRole(role);
            if (isLastAdmin(user)) {
                throw new ApiException(ErrorCode.CONFLICT, "User " + user.email() + " is the last admin: make another admin first");
            }
            store.users().setRole(id, role);
        }
        JsonNode disabled = changes.get("disabled");
        if (disabled != null && !disabled.isBoolean()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "disabled must be true or false");
        }
        if (disabled != null && disabled.asBoolean() != user.disabled()) {
            if (disabled.asBoolean() && user.id().equals(caller.userId())) {
                throw new ApiException(ErrorCode.CONFLICT, "You cannot disable your own account: ask another admin");
            }
            if (disabled.asBoolean() && isLastAdmin(user)) {
                throw new ApiException(ErrorCode.CONFLICT, "User " + user.email() + " is the last admin: make another admin first");
            }
            store.users().setDisabled(id, disabled.asBoolean());
            store.sessions().deleteForUser(id);
        }
        String password = changes.path("password").asText(null);
        if (password != null) {
            requireStrong(password, "password");
            store.users().setPasswordHash(id, Passwords.hash(password));
            store.sessions().deleteForUser(id);
        }
        return user(id);
    }

    public void deleteUser(Caller caller, String id) {
        Users.User user = user(id);
        if (user.id().equals(caller.userId())) {
            throw new ApiException(ErrorCode.CONFLICT, "You cannot delete your own account: ask another admin");
        }
        if (isLastAdmin(user)) {
            throw new ApiException(ErrorCode.CONFLICT, "User " + user.email() + " is the last admin");
        }
        store.users().delete(id);
    }

    /** Whether the user is the only admin who can still sign in. */
    private boolean isLastAdmin(Users.User user) {
        return Role.ADMIN.id().equals(user.role()) && !user.disabled() && store.users().countAdmins() <= 1;
    }

    /** A 401 for a disabled account, whichever way it signs in. */
    static Users.User enabled(Users.User user) {
        if (user.disabled()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "The account " + user.email() + " is disabled: ask an admin to enable it");
        }
        return user;
    }

    private Users.User checkPassword(String email, String password) {
        Users.User user = email == null ? null : store.users().byEmail(email).orElse(null);
        boolean ok = Passwords.matches(password == null ? "" : password, user == null ? DUMMY_HASH : user.passwordHash());
        if (user == null || !ok) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Wrong e-mail or password");
        }
        return enabled(user);
    }

    private static void requireStrong(String password, String field) {
        String weakness = Passwords.weakness(password);
        if (weakness != null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, field + ": " + weakness);
        }
    }

    private static void requireRole(String role) {
        if (Role.of(role).isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "role must be admin, editor or viewer, not '" + role + "'");
        }
    }

    private static String newId(String prefix) {
        return prefix + Secrets.random("").substring(0, 12);
    }
}
