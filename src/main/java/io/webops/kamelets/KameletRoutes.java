package io.webops.kamelets;

import io.webops.api.ApiRouteBuilder;

/** {@code GET /api/admin/kamelets}: the Kamelet catalogue and which Kamelets are enabled (admins only). */
public final class KameletRoutes extends ApiRouteBuilder {

    private final Kamelets kamelets;

    public KameletRoutes(Kamelets kamelets) {
        this.kamelets = kamelets;
    }

    @Override
    public void configure() {
        api("admin-kamelets", "/api/admin/kamelets", "GET", e -> {
            requireAdmin(e);
            return kamelets.adminJson();
        });
    }
}
