package fr.caducee.server.directory;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.directory.whitelist.RefreshOutcome;
import fr.caducee.directory.whitelist.Whitelist;
import fr.caducee.directory.whitelist.WhitelistRefresher;
import spark.Service;

/**
 * The national whitelist over WebAdmin: {@code GET /directory/whitelist} (source, size, when loaded, last refresh
 * outcome; {@code ?domains=true} lists the domains) and {@code POST /directory/whitelist/refresh} (reload now; a
 * failed or invalid fetch keeps the last good list and says why).
 */
public class WhitelistRoutes implements Routes {
    private final WhitelistRefresher whitelist;

    @Inject
    public WhitelistRoutes(WhitelistRefresher whitelist) {
        this.whitelist = whitelist;
    }

    @Override
    public String getBasePath() {
        return DirectoryRoutes.BASE + "/whitelist";
    }

    @Override
    public void define(Service service) {
        service.get(getBasePath(), (request, response) -> {
            response.type("application/json");
            return describe("true".equals(request.queryParams("domains"))).toString();
        });
        service.post(getBasePath() + "/refresh", (request, response) -> {
            RefreshOutcome outcome = whitelist.refreshNow();
            response.type("application/json");
            response.status(outcome.success() ? 200 : 502);
            return describe(false).toString();
        });
    }

    private ObjectNode describe(boolean withDomains) {
        Whitelist current = whitelist.current();
        ObjectNode node = DirectoryJson.MAPPER.createObjectNode()
            .put("source", current.source())
            .put("domains", current.size())
            .put("loadedAt", current.loadedAt().toString());
        whitelist.lastOutcome().ifPresent(outcome -> node.putObject("lastRefresh")
            .put("time", outcome.time().toString())
            .put("success", outcome.success())
            .put("reason", outcome.reason())
            .put("domainCount", outcome.domainCount()));
        if (withDomains) {
            current.domains().forEach(node.putArray("list")::add);
        }
        return node;
    }
}
