package fr.caducee.server.tls;

import java.security.cert.X509Certificate;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.rules.Rule;
import fr.caducee.server.TlsMaterial;
import fr.caducee.trust.revocation.RevocationLists;
import spark.Service;

/**
 * The server's TLS material over WebAdmin (authenticated like every route but the health check):
 * <ul>
 *   <li>{@code GET /tls}: the certificate in force (subject, serial, validity), the trust anchors and the revocation
 *       lists in force;</li>
 *   <li>{@code POST /tls/reload}: reads the keystore, the anchors folder and the revocation lists again and puts them
 *       in force ({@link TlsReload}); answers what is now in force, or {@code 400} with the reason and the material
 *       in force unchanged. {@code caducee reload} calls it.</li>
 * </ul>
 */
public class TlsRoutes implements Routes {
    static final String BASE = "/tls";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TlsReload reload;
    private final TlsMaterial tls;
    private final RevocationLists revocationLists;

    @Inject
    public TlsRoutes(TlsReload reload, TlsMaterial tls, RevocationLists revocationLists) {
        this.reload = reload;
        this.tls = tls;
        this.revocationLists = revocationLists;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, (request, response) -> {
            response.type("application/json");
            return describe(tls.current(), revocationLists).toString();
        });
        service.post(BASE + "/reload", (request, response) -> {
            response.type("application/json");
            try {
                TlsReload.Outcome outcome = reload.reload(request.ip());
                ObjectNode answer = describe(outcome.loaded(), revocationLists);
                answer.put("reloaded", true).put("tookMillis", outcome.took().toMillis());
                ArrayNode failures = answer.putArray("revocationListsNotRead");
                outcome.failures().forEach(failure -> failures.add(failure.toString()));
                return answer.toString();
            } catch (InvalidTlsMaterialException e) {
                response.status(400);
                return JSON.createObjectNode().put("reloaded", false).put("rule", Rule.TLS_RELOAD_REFUSED.id())
                    .put("message", "reload refused, the certificate and trust in force stay: " + e.getMessage())
                    .toString();
            }
        });
    }

    static ObjectNode describe(LoadedTls loaded, RevocationLists revocationLists) {
        ObjectNode node = JSON.createObjectNode();
        X509Certificate certificate = loaded.certificate();
        node.putObject("certificate")
            .put("subject", certificate.getSubjectX500Principal().getName())
            .put("issuer", certificate.getIssuerX500Principal().getName())
            .put("serial", certificate.getSerialNumber().toString(16))
            .put("notBefore", certificate.getNotBefore().toInstant().toString())
            .put("notAfter", certificate.getNotAfter().toInstant().toString())
            .put("keystore", loaded.keystore().toString());
        ArrayNode anchors = node.putArray("anchors");
        loaded.anchors().certificates().forEach(anchor -> anchors.add(anchor.getSubjectX500Principal().getName()));
        ArrayNode lists = node.putArray("revocationLists");
        revocationLists.inForce().forEach(list -> lists.addObject()
            .put("issuer", list.crl().getIssuerX500Principal().getName())
            .put("thisUpdate", list.crl().getThisUpdate().toInstant().toString())
            .put("nextUpdate", list.crl().getNextUpdate().toInstant().toString()));
        return node;
    }
}
