package io.webops.translate;

import java.util.Set;

/**
 * Route ids and endpoint names are built only from characters Camel gives no meaning to, so a
 * node id such as {@code {{env:HOME}}} can never become a property placeholder or an expression.
 */
public final class RouteNames {

    private RouteNames() {
    }

    public static String safe(String id, Set<String> used) {
        StringBuilder b = new StringBuilder(id.length());
        for (int i = 0; i < id.length() && b.length() < 60; i++) {
            char c = id.charAt(i);
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' ? c : '_');
        }
        String name = b.length() == 0 ? "node" : b.toString();
        String candidate = name;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }
}
