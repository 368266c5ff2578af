package fr.caducee.server.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code caducee reload}: the running server reads its keystore, its trust anchors and its revocation lists again and
 * puts them in force for the next handshakes (WebAdmin {@code POST /tls/reload}); prints what is in force, or why the
 * new material was refused (exit 1, the material in force unchanged).
 */
@Command(name = "reload", description = "Reload the server certificate, the trust anchors and the revocation lists without a restart.")
final class ReloadCommand implements Callable<Integer> {
    @Mixin
    WebAdminOptions webAdmin;

    @Override
    public Integer call() throws Exception {
        WebAdminClient client;
        WebAdminClient.Answer answer;
        try {
            client = webAdmin.client();
            answer = client.send("POST", "/tls/reload", null);
        } catch (WebAdminClient.Unreachable e) {
            System.err.println("caducee reload: " + e.getMessage());
            return Caducee.UNREACHABLE;
        } catch (WebAdminClient.OperatorKeyUnreadable e) {
            System.err.println("caducee reload: " + e.getMessage());
            return Caducee.PROBLEMS;
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(answer.body());
        } catch (Exception e) {
            System.err.println("caducee reload: the server answered " + answer.status() + " " + answer.body());
            return Caducee.PROBLEMS;
        }
        if (!answer.ok()) {
            System.err.println("caducee reload: " + json.path("message").asText(answer.status() + " " + answer.body()));
            return Caducee.PROBLEMS;
        }
        JsonNode certificate = json.path("certificate");
        System.out.println("Reloaded in " + json.path("tookMillis").asLong() + " ms");
        System.out.println("  certificate  " + certificate.path("subject").asText() + ", serial "
            + certificate.path("serial").asText() + ", until " + certificate.path("notAfter").asText());
        System.out.println("  anchors      " + json.path("anchors").size());
        json.path("anchors").forEach(anchor -> System.out.println("    " + anchor.asText()));
        System.out.println("  CRLs         " + json.path("revocationLists").size() + " in force");
        json.path("revocationLists").forEach(list -> System.out.println("    " + list.path("issuer").asText()
            + ", next update " + list.path("nextUpdate").asText()));
        json.path("revocationListsNotRead").forEach(failure -> System.out.println("    not read: " + failure.asText()));
        return Caducee.DONE;
    }
}
