package fr.caducee.server.directory;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.domain.model.OperatorDn;
import fr.caducee.trust.whitelist.RefreshOutcome;
import fr.caducee.trust.whitelist.Whitelist;
import fr.caducee.trust.whitelist.WhitelistEntry;
import fr.caducee.trust.whitelist.WhitelistRefresher;
import spark.Service;

/**
 * The national whitelist over WebAdmin:
 * <ul>
 *   <li>{@code GET /directory/whitelist}: the list in force (source, checksum source, generation date, when loaded,
 *       counts of domains, entries and operator DNs, entries skipped), the last refresh attempt and the last
 *       refusal with their reasons; {@code ?domains=true} lists the domains;</li>
 *   <li>{@code GET /directory/whitelist/domains/{domain}}: the operators and entries (description, contacts) of one
 *       domain, 404 if it is not listed;</li>
 *   <li>{@code POST /directory/whitelist/refresh}: reload now (a failed or refused fetch keeps the last good list
 *       and says why, status 502); {@code ?force=true} installs a list even if it removes more than half of the
 *       domains, after someone has checked that the removal is genuine (the checksum and format checks still
 *       apply).</li>
 * </ul>
 */
public class WhitelistRoutes implements Routes {
    /** Enough to see what is wrong; the full list is in the log. */
    static final int MAX_SKIPPED_SHOWN = 20;

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
            return describe(whitelist, "true".equals(request.queryParams("domains"))).toString();
        });
        service.get(getBasePath() + "/domains/:domain", (request, response) -> {
            response.type("application/json");
            String domain = request.params("domain");
            Whitelist current = whitelist.current();
            if (current.operatorsOf(domain).isEmpty()) {
                response.status(404);
                return DirectoryJson.MAPPER.createObjectNode()
                    .put("message", domain + " is not on the national whitelist " + current.source()).toString();
            }
            return describeDomain(current, domain).toString();
        });
        service.post(getBasePath() + "/refresh", (request, response) -> {
            boolean force = "true".equals(request.queryParams("force"));
            RefreshOutcome outcome = force ? whitelist.forceRefreshNow() : whitelist.refreshNow();
            response.type("application/json");
            response.status(outcome.success() ? 200 : 502);
            return describe(whitelist, false).toString();
        });
    }

    static ObjectNode describe(WhitelistRefresher whitelist, boolean withDomains) {
        Whitelist current = whitelist.current();
        ObjectNode node = DirectoryJson.MAPPER.createObjectNode()
            .put("source", current.source());
        whitelist.checksumSource().ifPresent(checksum -> node.put("checksumSource", checksum));
        current.generatedAt().ifPresentOrElse(at -> node.put("generatedAt", at.toString()),
            () -> node.putNull("generatedAt"));
        node.put("loadedAt", current.loadedAt().toString())
            .put("domains", current.size())
            .put("entries", current.entryCount())
            .put("operators", current.operatorCount())
            .put("skipped", current.skipped().size());
        if (!current.skipped().isEmpty()) {
            ArrayNode skipped = node.putArray("skippedEntries");
            current.skipped().stream().limit(MAX_SKIPPED_SHOWN).forEach(skipped::add);
        }
        whitelist.lastOutcome().ifPresent(outcome -> outcome(node.putObject("lastRefresh"), outcome)
            .put("success", outcome.success()));
        whitelist.lastRefusal().ifPresent(refusal -> outcome(node.putObject("lastRefusal"), refusal));
        if (withDomains) {
            current.domains().forEach(node.putArray("list")::add);
        }
        return node;
    }

    private static ObjectNode outcome(ObjectNode node, RefreshOutcome outcome) {
        return node.put("time", outcome.time().toString())
            .put("reason", outcome.reason())
            .put("domainCount", outcome.domainCount());
    }

    static ObjectNode describeDomain(Whitelist current, String domain) {
        ObjectNode node = DirectoryJson.MAPPER.createObjectNode();
        List<WhitelistEntry> entries = current.entriesFor(domain);
        node.put("domain", entries.isEmpty() ? domain : entries.get(0).domain());
        ArrayNode operators = node.putArray("operators");
        current.operatorsOf(domain).stream().map(OperatorDn::asWritten).forEach(operators::add);
        ArrayNode list = node.putArray("entries");
        for (WhitelistEntry entry : entries) {
            ObjectNode item = list.addObject()
                .put("description", entry.description())
                .put("operator", entry.operator().asWritten())
                .put("responsibleContact", entry.responsibleContact())
                .put("supportContact", entry.supportContact());
            if (entry.updatedAt() != null) {
                item.put("updatedAt", entry.updatedAt().toString());
            }
        }
        return node;
    }
}
