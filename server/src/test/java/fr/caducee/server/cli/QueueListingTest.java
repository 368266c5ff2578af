package fr.caducee.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class QueueListingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WAITING = "{\"queue\":\"outgoing\",\"name\":\"Mail1-a\",\"size\":1234,"
        + "\"sender\":\"dr.a@caducee.localhost\",\"recipients\":[\"dr.b@peer.localhost\"],"
        + "\"queued\":\"2026-12-07T19:00:00.123456Z\",\"attempts\":2,\"nextAttempt\":\"2026-12-07T20:00:00Z\","
        + "\"state\":\"error\",\"lastError\":\"Connection refused\",\"held\":true,\"processing\":false}";

    private final StringWriter written = new StringWriter();
    private final PrintWriter out = new PrintWriter(written, true);

    @Test
    void aMailIsOneLineWithItsErrorBelowAndTheQueuesAreCountedAtTheEnd() throws Exception {
        QueueListing.print(out, JSON.readTree("[" + WAITING + "]"),
            JSON.readTree("[{\"queue\":\"outgoing\",\"size\":1,\"held\":1},{\"queue\":\"spool\",\"size\":0,\"held\":0}]"),
            Optional.empty());

        assertThat(written.toString())
            .contains("outgoing  Mail1-a", "2026-12-07T19:00:00Z", "1234", "2026-12-07T20:00:00Z", "held",
                "dr.a@caducee.localhost -> dr.b@peer.localhost")
            .contains("last error: Connection refused")
            .contains("-- 1 in outgoing (1 held), 0 in spool (0 held)");
    }

    @Test
    void anEmptyQueueSaysSo() throws Exception {
        QueueListing.print(out, JSON.readTree("[]"), JSON.readTree("[{\"queue\":\"spool\",\"size\":0,\"held\":0}]"),
            Optional.of("spool"));

        assertThat(written.toString()).contains("The queue spool is empty.");
    }

    @Test
    void aDeleteToConfirmListsTheMailsOfTheSenderWhateverTheCase() throws Exception {
        JsonNode mails = JSON.readTree("[" + WAITING + "]");

        assertThat(QueueListing.matching(mails, null, "DR.A@caducee.localhost", null)).hasSize(1);
        assertThat(QueueListing.matching(mails, null, null, "dr.b@peer.localhost")).hasSize(1);
        assertThat(QueueListing.matching(mails, "Mail2-b", null, null)).isEmpty();
    }

    @Test
    void aMailIsShownWithItsEnvelopeStateAndHeaderFields() throws Exception {
        JsonNode mail = JSON.readTree(WAITING.replace("}", ",\"headers\":[\"Subject: Compte rendu\"]}")
            .replace("\"processing\":false,", "\"processing\":false,"));

        QueueListing.details(out, mail);

        assertThat(written.toString()).contains("name:          Mail1-a", "attempts:      2",
            "held:          yes (caducee queue release)", "last error:    Connection refused", "Subject: Compte rendu");
    }
}
