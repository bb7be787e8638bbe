package io.webops.runtime;

import org.apache.camel.impl.DefaultCamelContext;

/**
 * Camel's DefaultCamelContext, except that removing a route that is not there returns at once. Camel 4.17's
 * removeRoute gathers the endpoints of every route in the context before it looks for the route, and it is asked
 * for routes that are not there twice over: loading a route removes any route of its id first (DefaultModel), and
 * removing a route removes its definition afterwards through the model, which calls removeRoute again. Each paid a
 * walk over every route: redeploying a 1,000-node workflow while its previous version still ran paid a million.
 */
public class WorkflowCamelContext extends DefaultCamelContext {

    public WorkflowCamelContext() {
        super();
    }

    public WorkflowCamelContext(boolean init) {
        super(init);
    }

    @Override
    public boolean removeRoute(String routeId) throws Exception {
        if (getRouteStatus(routeId) == null) {
            return false;
        }
        return super.removeRoute(routeId);
    }
}
