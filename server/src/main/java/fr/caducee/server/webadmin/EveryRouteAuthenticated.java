package fr.caducee.server.webadmin;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;

import spark.Service;

/**
 * Applies the {@link AdminTokenFilter} to every path, not only to the base path of each route set as James does:
 * a route defined outside its set's base path, or a set added later, is covered too. Only the health check stays
 * open (operators' monitoring probes it without a key; it changes nothing and tells only whether each part is up).
 * Declared public so that James adds no filter of its own for it.
 */
public final class EveryRouteAuthenticated implements PublicRoutes {
    private final AdminTokenFilter filter;

    @Inject
    public EveryRouteAuthenticated(AdminTokenFilter filter) {
        this.filter = filter;
    }

    @Override
    public String getBasePath() {
        return "/";
    }

    @Override
    public void define(Service service) {
        service.before(filter);
    }
}
