package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ApiTokens;
import io.webops.history.Users;
import io.webops.json.Json;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Sign-in, API tokens and accounts (§6): {@code /api/auth/*}, {@code /api/me}, {@code /api/tokens},
 * {@code /api/users} (admins). The session cookie is HttpOnly and SameSite=Strict; the CSRF cookie is readable by
 * the canvas, which sends it back as {@code X-CSRF-Token}.
 */
public final class AccountRoutes extends ApiRouteBuilder {

    private static final String USER = "user";

    private final AccountService accounts;

    public AccountRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void configure() {
        publicApi("auth.setup", "/api/auth/setup", "POST", e -> {
            security().limitSignIn(e);
            JsonNode b = body(e);
            Users.User admin = accounts.setup(b.path("token").asText(null), b.path("email").asText(null), b.path("password").asText(null));
            security().audit(admin.id(), "user.create", USER, admin.id(),
                    Json.write(Json.object().put("role", admin.role()).put("via", "setup")));
            status(e, 201);
            return user(admin);
        });
        publicApi("auth.login", "/api/auth/login", "POST", e -> {
            security().limitSignIn(e);
            JsonNode b = body(e);
            AccountService.SignedIn in = accounts.signIn(b.path("email").asText(null), b.path("password").asText(null));
            long seconds = in.lifetime().toSeconds();
            e.getMessage().setHeader("Set-Cookie", List.of(
                    ApiSecurity.SESSION_COOKIE + "=" + in.sessionId() + "; Path=/; Max-Age=" + seconds + "; HttpOnly; SameSite=Strict",
                    ApiSecurity.CSRF_COOKIE + "=" + in.csrfToken() + "; Path=/; Max-Age=" + seconds + "; SameSite=Strict"));
            return user(in.user()).put("csrf_token", in.csrfToken());
        });
        publicApi("auth.token", "/api/auth/token", "POST", e -> {
            security().limitSignIn(e);
            JsonNode b = body(e);
            AccountService.NewToken t = accounts.tokenFor(b.path("email").asText(null), b.path("password").asText(null),
                    b.path("name").asText(null));
            security().audit(t.record().userId(), "token.create",
                    "token", t.record().id(), null);
            status(e, 201);
            return token(t.record()).put("token", t.token());
        });
        api("auth.logout", "/api/auth/logout", "POST", e -> {
            accounts.signOut(ApiSecurity.cookie(e, ApiSecurity.SESSION_COOKIE));
            e.getMessage().setHeader("Set-Cookie", List.of(
                    ApiSecurity.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                    ApiSecurity.CSRF_COOKIE + "=; Path=/; Max-Age=0; SameSite=Strict"));
            status(e, 204);
            return null;
        });
        api("me", "/api/me", "GET", e -> user(accounts.user(caller(e).userId())));
        api("tokens", "/api/tokens", "GET,POST", e -> {
            if (method(e).equals("POST")) {
                AccountService.NewToken t = accounts.newToken(caller(e).userId(), bodyOrEmpty(e).path("name").asText(null));
                audit(e, "token.create", "token", t.record().id(), null);
                status(e, 201);
                return token(t.record()).put("token", t.token());
            }
            ArrayNode items = Json.NODES.arrayNode();
            accounts.tokens(caller(e)).forEach(t -> items.add(token(t)));
            ObjectNode out = Json.object();
            out.set("items", items);
            return out;
        });
        api("token", "/api/tokens/{id}", "DELETE", e -> {
            accounts.revokeToken(caller(e), id(e));
            audit(e, "token.delete", "token", id(e), null);
            status(e, 204);
            return null;
        });
        api("users", "/api/users", "GET,POST", e -> {
            requireAdmin(e);
            if (method(e).equals("POST")) {
                JsonNode b = body(e);
                Users.User u = accounts.createUser(b.path("email").asText(null), b.path("password").asText(null),
                        b.path("role").asText("editor"));
                audit(e, "user.create", USER, u.id(), Json.object().put("role", u.role()));
                status(e, 201);
                return user(u);
            }
            ArrayNode items = Json.NODES.arrayNode();
            accounts.users().forEach(u -> items.add(user(u)));
            ObjectNode out = Json.object();
            out.set("items", items);
            return out;
        });
        api("user", "/api/users/{id}", "GET,PUT,DELETE", e -> {
            requireAdmin(e);
            return switch (method(e)) {
                case "PUT" -> {
                    JsonNode b = body(e);
                    Users.User u = accounts.updateUser(caller(e), id(e), b);
                    ObjectNode detail = Json.object().put("role", u.role()).put("password_changed", b.has("password"))
                            .put("disabled", u.disabled());
                    audit(e, "user.update", USER, u.id(), detail);
                    yield user(u);
                }
                case "DELETE" -> {
                    accounts.deleteUser(caller(e), id(e));
                    audit(e, "user.delete", USER, id(e), null);
                    status(e, 204);
                    yield null;
                }
                default -> user(accounts.user(id(e)));
            };
        });
    }

    private static ObjectNode user(Users.User u) {
        return Json.object().put("id", u.id()).put("email", u.email()).put("role", u.role())
                .put("created_at", String.valueOf(u.createdAt())).put("disabled", u.disabled());
    }

    private static ObjectNode token(ApiTokens.ApiToken t) {
        return Json.object().put("id", t.id()).put("name", t.name())
                .put("created_at", String.valueOf(t.createdAt()))
                .put("last_used_at", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
    }
}
